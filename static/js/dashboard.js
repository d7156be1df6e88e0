// Draws the progress dashboard's charts from the data in #dashboard-data.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = {
    leg: "#0d6efd",
    back: "#6f42c1",
    tightness: "#fd7e14",
    nerve: "#d63384",
    mobility: "#198754",
    supplements: "#0dcaf0",
    food: "#20c997",
    stretching: "#6610f2",
    breathing: "#0d6efd",
    limit: "#dc3545",
    recommended: "#198754",
  };
  const bandFills = ["rgba(13,110,253,0.07)", "rgba(111,66,193,0.09)", "rgba(25,135,84,0.08)", "rgba(253,126,20,0.09)"];

  // The relief timeline's phases as shaded, labelled bands behind a chart.
  function phaseBands() {
    const bands = {};
    data.phases.forEach(function (phase, index) {
      bands["phase" + index] = {
        type: "box",
        xMin: phase.from,
        xMax: phase.to,
        backgroundColor: bandFills[index % bandFills.length],
        borderWidth: 0,
        drawTime: "beforeDatasetsDraw",
        label: {
          // Only where the band is wide enough to hold its name (narrow on a phone).
          display: function (context) {
            return Boolean(context.element) && context.element.width > phase.name.length * 7;
          },
          content: phase.name,
          position: { x: "start", y: "start" },
          color: "#495057",
          font: { size: 11 },
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

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  const common = { responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false } };

  const painSets = [dots("Leg pain", data.scores.leg_pain, colours.leg), dots("Back pain", data.scores.back_pain, colours.back)];
  if (!data.weekly) {
    painSets.push(line("Leg pain, 7-day average", data.rolling.leg_pain, colours.leg));
    painSets.push(line("Back pain, 7-day average", data.rolling.back_pain, colours.back, { borderDash: [6, 4] }));
  }
  draw("chart-pain", {
    type: "line",
    data: { labels: data.labels, datasets: painSets },
    options: Object.assign({}, common, { scales: { x: timeAxis, y: scoreAxis }, plugins: { annotation: { annotations: phaseBands() } } }),
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

  const limitLines = {
    upper: {
      type: "line",
      yMin: data.limits.upper,
      yMax: data.limits.upper,
      borderColor: colours.limit,
      borderWidth: 2,
      borderDash: [6, 4],
      label: { display: true, content: "Supplement limit " + data.limits.upper + " mg", position: "start", backgroundColor: colours.limit, font: { size: 11 } },
    },
  };
  if (data.limits.recommended) {
    limitLines.recommended = {
      type: "line",
      yMin: data.limits.recommended,
      yMax: data.limits.recommended,
      borderColor: colours.recommended,
      borderWidth: 2,
      label: { display: true, content: "Recommended " + data.limits.recommended + " mg", position: "end", backgroundColor: colours.recommended, font: { size: 11 } },
    };
  }
  draw("chart-magnesium", {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Supplements (mg)", data: data.magnesium.supplements, backgroundColor: colours.supplements, stack: "mg" },
        { label: "Food (mg)", data: data.magnesium.food, backgroundColor: colours.food, stack: "mg" },
      ],
    },
    options: Object.assign({}, common, {
      scales: { x: Object.assign({ stacked: true }, timeAxis), y: { stacked: true, beginAtZero: true, suggestedMax: Math.max(data.limits.upper, data.limits.recommended || 0) + 50 } },
      plugins: { annotation: { annotations: limitLines } },
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
})();
