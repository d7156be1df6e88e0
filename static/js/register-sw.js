// Lets the browser install the app and keep its files for use without a connection.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/service-worker.js").catch(function () {
      // Without it the site still works as ever, online.
    });
  });
}
