// Draws the relief timeline on the home page from the data in #timeline-data.
(function () {
  "use strict";
  const source = document.getElementById("timeline-data");
  const canvas = document.getElementById("timeline-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;

  const data = JSON.parse(source.textContent);
  const colours = ["#0d6efd", "#6f42c1", "#198754", "#fd7e14", "#20c997"];
  const annotations = {};
  if (data.today) {
    annotations.today = {
      type: "line",
      scaleID: "x",
      value: data.today,
      borderColor: "#dc3545",
      borderWidth: 3,
      label: {
        display: true,
        content: "You: day " + data.today,
        position: "start",
        backgroundColor: "#dc3545",
      },
    };
  }

  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.phases.map((phase) => phase.name),
      datasets: [
        {
          label: "Days",
          data: data.phases.map((phase) => [phase.first_day, phase.last_day ?? data.axis_end]),
          backgroundColor: data.phases.map((_, index) => colours[index % colours.length]),
          borderRadius: 4,
          borderSkipped: false,
        },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: {
          min: 1,
          max: data.axis_end,
          title: { display: true, text: "Day of recovery" },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (context) => data.phases[context.dataIndex].expectation,
          },
        },
        annotation: { annotations: annotations },
      },
    },
  });
})();
