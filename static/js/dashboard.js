// Draws the progress dashboard's charts from the data in #dashboard-data, each when it
// comes near the screen: the page (its verdicts and tables) is read first, and Chart.js is
// fetched and started only once a chart is about to be seen.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  const libraries = document.getElementById("chart-libraries");
  if (!source || !libraries || !("IntersectionObserver" in window)) return;
  const data = JSON.parse(source.textContent);

  let loading = null;
  function script(src) {
    return new Promise(function (resolve, reject) {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }
  function chartJs() {
    // The annotation plugin needs Chart.js first.
    loading = loading || script(libraries.dataset.chart).then(function () {
      return script(libraries.dataset.annotation);
    });
    return loading;
  }

  const charts = {};
  function draw(id, config) {
    charts[id] = config;
  }
  // Okabe and Ito's palette, told apart with every common colour-vision deficiency.
  const colours = {
    leg: "#0072B2",
    back: "#D55E00",
    tightness: "#E69F00",
    nerve: "#CC79A7",
    mobility: "#009E73",
    supplements: "#0072B2",
    food: "#E69F00",
    stretching: "#009E73",
    breathing: "#56B4E9",
    limit: "#D55E00",
    recommended: "#000000",
  };
  // One fill per phase of the timeline, by its place in it: the same in every range, and
  // the same as the key below the chart (both come from app.css).
  const styles = getComputedStyle(document.documentElement);
  function bandFill(index) {
    return styles.getPropertyValue("--phase-fill-" + (index % 5)).trim();
  }

  function shortName(name) {
    // "Weeks 1–2" -> "Wk 1–2", "Months 2–3" -> "Mo 2–3", "Long-term" -> "Long-term".
    return name.replace(/^Weeks?\s/, "Wk ").replace(/^Months?\s/, "Mo ");
  }

  // A band's width from the axis: when a label's options are worked out, the band itself
  // has no size yet.
  function bandWidth(chart, phase) {
    const x = chart.scales.x;
    const from = data.labels.indexOf(phase.from);
    const to = data.labels.indexOf(phase.to);
    return Math.abs(x.getPixelForValue(to) - x.getPixelForValue(from));
  }

  function textWidth(chart, text, size) {
    chart.ctx.save();
    chart.ctx.font = size + "px sans-serif";
    const width = chart.ctx.measureText(text).width;
    chart.ctx.restore();
    return width;
  }

  // The full name where it fits with 4 px either side, else the short one, smaller.
  function fullNameFits(context, phase) {
    return bandWidth(context.chart, phase) >= textWidth(context.chart, phase.name, 11) + 8;
  }

  function shortNameFits(context, phase) {
    return bandWidth(context.chart, phase) >= textWidth(context.chart, shortName(phase.name), 10) + 4;
  }

  // The relief timeline's phases as shaded, named bands behind a chart.
  function phaseBands() {
    const bands = {};
    data.phases.forEach(function (phase) {
      bands["phase" + phase.index] = {
        type: "box",
        xMin: phase.from,
        xMax: phase.to,
        backgroundColor: bandFill(phase.index),
        borderWidth: 0,
        drawTime: "beforeDatasetsDraw",
        label: {
          display: function (context) {
            return fullNameFits(context, phase) || shortNameFits(context, phase);
          },
          content: function (context) {
            return fullNameFits(context, phase) ? phase.name : shortName(phase.name);
          },
          position: { x: "start", y: "start" },
          padding: function (context) { return fullNameFits(context, phase) ? 4 : 2; },
          color: "#212529",
          font: function (context) { return { size: fullNameFits(context, phase) ? 11 : 10 }; },
        },
      };
    });
    return bands;
  }

  function shortDate(label) {
    const [year, month, day] = label.split("-").map(Number);
    return new Date(year, month - 1, day).toLocaleDateString(undefined, { day: "numeric", month: "short" });
  }

  const timeAxis = { ticks: { callback: function (value) { return shortDate(this.getLabelForValue(value)); }, maxRotation: 0, autoSkipPadding: 12 } };
  const scoreAxis = { min: 0, max: 10, ticks: { stepSize: 2 } };

  function line(label, values, colour, options) {
    return Object.assign({ label: label, data: values, borderColor: colour, backgroundColor: colour, spanGaps: true, tension: 0.25, pointRadius: data.weekly ? 2 : 0, borderWidth: 2 }, options || {});
  }

  function dots(label, values, colour) {
    return { label: label, data: values, borderColor: colour, backgroundColor: colour, showLine: data.weekly, spanGaps: true, pointRadius: 2.5, borderWidth: data.weekly ? 2 : 0 };
  }

  const common = { responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false } };

  // With the charts drawn, their numbers fold away under "Show the numbers as a table";
  // without this script they stay open in the charts' place.
  document.querySelectorAll("details.chart-numbers").forEach(function (details) { details.open = false; });
  document.documentElement.classList.add("charts-drawn");

  // The configurations below read Chart's defaults, so they are built once it has loaded.
  function configure() {

  const painSets = [dots("Leg pain", data.scores.leg_pain, colours.leg), dots("Back pain", data.scores.back_pain, colours.back)];
  if (!data.weekly) {
    // Averages are dashed lines, so their legend swatches differ from the days' dots.
    const average = { borderDash: [6, 4], pointStyle: "line" };
    painSets.push(line("Leg pain, 7-day average", data.rolling.leg_pain, colours.leg, average));
    painSets.push(line("Back pain, 7-day average", data.rolling.back_pain, colours.back, average));
  }
  const legend = { labels: { usePointStyle: true } };
  draw("chart-pain", {
    type: "line",
    data: { labels: data.labels, datasets: painSets },
    options: Object.assign({}, common, { scales: { x: timeAxis, y: scoreAxis }, plugins: { legend: legend, annotation: { annotations: phaseBands() } } }),
  });

  draw("chart-symptoms", {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        line("Muscle tightness", data.scores.muscle_tightness, colours.tightness, { pointRadius: 2 }),
        line("Nerve symptoms", data.scores.nerve_symptoms, colours.nerve, { pointRadius: 2 }),
        line("Mobility (higher is better)", data.scores.mobility, colours.mobility, { pointRadius: 2, borderDash: [6, 4] }),
      ],
    },
    options: Object.assign({}, common, { scales: { x: timeAxis, y: scoreAxis }, plugins: { annotation: { annotations: phaseBands() } } }),
  });

  // The limits are lines in the legend, not labels that would cover the bars.
  function level(label, value, colour, dash) {
    return { type: "line", label: label, data: data.labels.map(function () { return value; }), borderColor: colour, backgroundColor: colour, borderDash: dash, borderWidth: 2, pointRadius: 0, pointStyle: "line", stack: label };
  }
  const magnesiumSets = [
    { label: "Supplements (mg)", data: data.magnesium.supplements, backgroundColor: colours.supplements, stack: "mg", pointStyle: "rect" },
    { label: "Food (mg)", data: data.magnesium.food, backgroundColor: colours.food, stack: "mg", pointStyle: "rect" },
    level("Supplement limit, " + data.limits.upper + " mg", data.limits.upper, colours.limit, [6, 4]),
  ];
  if (data.limits.recommended) {
    magnesiumSets.push(level("Recommended, " + data.limits.recommended + " mg", data.limits.recommended, colours.recommended, [2, 3]));
  }
  draw("chart-magnesium", {
    type: "bar",
    data: { labels: data.labels, datasets: magnesiumSets },
    options: Object.assign({}, common, {
      scales: { x: Object.assign({ stacked: true }, timeAxis), y: { stacked: true, beginAtZero: true, suggestedMax: Math.max(data.limits.upper, data.limits.recommended || 0) + 50 } },
      plugins: { legend: legend },
    }),
  });

  const reachNames = ["None", "Buttock", "Thigh", "Below knee", "Foot"];
  draw("chart-reach", {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        dots("Left leg", data.reach.pain_reach_left, colours.leg),
        dots("Right leg", data.reach.pain_reach_right, colours.back),
      ].map(function (set) { return Object.assign(set, { showLine: true, borderWidth: 1.5, stepped: true }); }),
    },
    options: Object.assign({}, common, {
      scales: { x: timeAxis, y: { min: 0, max: 4, ticks: { stepSize: 1, callback: function (value) { return reachNames[value]; } } } },
      plugins: { legend: legend, annotation: { annotations: phaseBands() } },
    }),
  });

  draw("chart-sleep", {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        line("Sleep (higher is better)", data.sleep.sleep_quality, colours.breathing, { pointRadius: 2, yAxisID: "y" }),
        line("Hours sitting", data.sleep.hours_sitting, colours.tightness, { pointRadius: 2, borderDash: [6, 4], yAxisID: "hours" }),
      ],
    },
    options: Object.assign({}, common, {
      scales: {
        x: timeAxis,
        y: scoreAxis,
        hours: { position: "right", min: 0, suggestedMax: 12, grid: { drawOnChartArea: false }, title: { display: true, text: "hours" } },
      },
      plugins: { legend: legend },
    }),
  });

  // Missed weeks stay gaps: a line across them would invent an answer.
  const weekly = data.weekly_check;
  draw("chart-weekly-check", {
    type: "line",
    data: {
      labels: weekly.labels,
      datasets: [Object.assign(line("Weekly total", weekly.totals, colours.leg, { pointRadius: 3 }), { spanGaps: false })],
    },
    options: Object.assign({}, common, {
      scales: { x: timeAxis, y: { min: 0, max: 24, ticks: { stepSize: 6 } } },
      plugins: {
        legend: legend,
        annotation: { annotations: { success: { type: "line", yMin: weekly.success, yMax: weekly.success, borderColor: colours.mobility, borderDash: [6, 4], borderWidth: 2, label: { display: true, content: weekly.success + " or less: went with recovery in a study", position: "start", backgroundColor: "rgba(255,255,255,0.85)", color: "#212529", font: { size: 11 } } } } },
      },
    }),
  });

  draw("chart-exercise", {
    type: "bar",
    data: {
      labels: data.exercise.labels,
      datasets: [
        { label: "Stretching and yoga", data: data.exercise.stretching, backgroundColor: colours.stretching, stack: "minutes" },
        { label: "Breathing", data: data.exercise.breathing, backgroundColor: colours.breathing, stack: "minutes" },
      ],
    },
    options: Object.assign({}, common, {
      scales: { x: Object.assign({ stacked: true }, { ticks: { callback: function (value) { return shortDate(this.getLabelForValue(value)); }, maxRotation: 0 } }), y: { stacked: true, beginAtZero: true, title: { display: true, text: "minutes" } } },
    }),
  });
  }

  let configured = false;
  const seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      seen.unobserve(entry.target);
      chartJs().then(function () {
        if (!configured) {
          configure();
          configured = true;
        }
        const config = charts[entry.target.id];
        if (config && !Chart.getChart(entry.target)) new Chart(entry.target, config);
      });
    });
  }, { rootMargin: "400px 0px" });
  document.querySelectorAll(".chart-box canvas").forEach(function (canvas) { seen.observe(canvas); });
})();
