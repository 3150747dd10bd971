// The signing page: says that it waits while a remote service waits for the person's
// confirmation, and, where people sign with their own token, asks the official-duty local
// signing service (a WebSocket on the person's machine) for a detached CMS over each prepared
// manifest and posts them back. The server verifies before recording anything.
(function () {
  "use strict";
  var form = document.getElementById("ky-so");
  if (form) {
    form.addEventListener("submit", function () {
      var status = document.getElementById("trang-thai-ky");
      status.textContent = form.dataset.waiting;
      form.querySelector("button").disabled = true;
    });
  }
  var local = document.getElementById("ky-tai-may");
  if (!local) { return; }
  var status = document.getElementById("trang-thai-ky");
  var button = document.getElementById("ky-bang-thiet-bi");
  var documents = JSON.parse(document.getElementById("noi-dung-ky-du-lieu").textContent);
  var csrf = document.querySelector("body").getAttribute("hx-headers");
  var token = csrf ? JSON.parse(csrf)["X-CSRFToken"] : "";

  function toBase64(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary);
  }

  function signAll(socket) {
    var signatures = [];
    return documents.reduce(function (previous, text, index) {
      return previous.then(function () {
        return new Promise(function (resolve, reject) {
          socket.onmessage = function (event) {
            var answer = JSON.parse(event.data);
            if (answer.id !== index) { return; }
            if (answer.error) { reject(new Error(answer.error)); } else { signatures.push(answer.signature); resolve(); }
          };
          socket.send(JSON.stringify({id: index, action: "sign_cms", format: "cms-detached", hash: "SHA-256",
                                      data: toBase64(text)}));
        });
      });
    }, Promise.resolve()).then(function () { return signatures; });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Đang kết nối phần mềm ký số trên máy của bạn…";
    var socket = new WebSocket(local.dataset.localSigner);
    socket.onerror = function () {
      status.textContent = "Không kết nối được phần mềm ký số trên máy của bạn. Hãy mở phần mềm rồi thử lại.";
      button.disabled = false;
    };
    socket.onopen = function () {
      status.textContent = "Hãy nhập mã PIN của thiết bị ký số khi được hỏi…";
      signAll(socket).then(function (signatures) {
        socket.close();
        return fetch(local.dataset.submit, {method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRFToken": token},
          body: JSON.stringify({signatures: signatures})});
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) { throw new Error(answer.message); }
          // `next` is relative to the address the signatures were posted to.
          var submitted = new URL(local.dataset.submit, window.location.href);
          window.location.href = new URL(answer.next, submitted).href;
        });
      }).catch(function (error) {
        status.textContent = error.message;
        button.disabled = false;
      });
    };
  });
}());
