// The résumé signed with the person's official-duty token, in two steps through the API: the
// local signing service (a WebSocket on the person's machine) gives the certificate; the
// server prepares the PDF and answers the hash to sign; the token signs that hash; the server
// checks the signature, adds the agency's seal and keeps the file, which is then downloaded.
// The message shapes are hoso's assumptions (infra/signing.md).
(function () {
  "use strict";
  var section = document.getElementById("ky-so-yeu-ly-lich");
  if (!section) { return; }
  var button = document.getElementById("ky-so-yeu-ly-lich-nut");
  var status = document.getElementById("trang-thai-ky");
  var link = document.getElementById("tai-so-yeu-ly-lich");
  var headers = document.querySelector("body").getAttribute("hx-headers");
  var csrf = headers ? JSON.parse(headers)["X-CSRFToken"] : "";

  function ask(socket, message) {
    return new Promise(function (resolve, reject) {
      socket.onmessage = function (event) {
        var answer = JSON.parse(event.data);
        if (answer.id !== message.id) { return; }
        if (answer.error) { reject(new Error(answer.error)); } else { resolve(answer); }
      };
      socket.send(JSON.stringify(message));
    });
  }

  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body)})
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) { throw new Error(answer.message); }
          return answer;
        });
      });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Đang kết nối phần mềm ký số trên máy của bạn…";
    var socket = new WebSocket(section.dataset.localSigner);
    socket.onerror = function () {
      status.textContent = "Không kết nối được phần mềm ký số trên máy của bạn. Hãy mở phần mềm rồi thử lại.";
      button.disabled = false;
    };
    socket.onopen = function () {
      var prepared;
      ask(socket, {id: 1, action: "get_certificate"}).then(function (answer) {
        status.textContent = "Máy chủ đang chuẩn bị sơ yếu lý lịch…";
        var body = {purpose: "resume", person_id: Number(section.dataset.person), certificate: answer.certificate};
        if (section.dataset.asOf) { body.as_of = section.dataset.asOf; }
        return post(section.dataset.api, body);
      }).then(function (answer) {
        prepared = answer;
        status.textContent = "Hãy nhập mã PIN của thiết bị ký số khi được hỏi…";
        return ask(socket, {id: 2, action: "sign_hash", hash_algorithm: "SHA-256", hash: answer.hash_to_sign});
      }).then(function (answer) {
        socket.close();
        status.textContent = "Máy chủ đang kiểm tra chữ ký và đóng dấu số của cơ quan…";
        return post(section.dataset.api + prepared.token + "/signatures/", {signatures: [answer.signature]});
      }).then(function (done) {
        status.textContent = "Đã ký số sơ yếu lý lịch.";
        link.href = done.download;
        link.hidden = false;
        window.location.href = done.download;
      }).catch(function (error) {
        socket.close();
        status.textContent = error.message;
        button.disabled = false;
      });
    };
  });
}());
