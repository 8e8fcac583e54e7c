import { zhDate } from '../publicity';
import type { PublicNoticeView } from '../publicity';

/** Every piece of data that reaches the page goes through here. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** Served as /notices/notice.css and /notices/notice.js, so the page needs no inline code under the CSP. */
export const NOTICE_CSS = `
body{margin:0;background:#f5f1ea;color:#222;font:16px/1.8 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:820px;margin:0 auto;padding:24px 16px 48px}
article,section{background:#fff;border-radius:6px;padding:28px 32px;margin-bottom:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{color:#b71c1c;font-size:22px;text-align:center;line-height:1.5;margin:0 0 20px}
h2{font-size:18px;margin:0 0 12px;color:#b71c1c}
p{margin:0 0 10px;text-indent:2em}
p.item,p.channel{text-indent:0}
.sign{text-align:right;margin-top:24px}
label{display:block;margin:12px 0 4px;font-weight:600}
select,textarea,input{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #bbb;border-radius:4px}
button{margin-top:16px;background:#b71c1c;color:#fff;border:0;border-radius:4px;padding:8px 28px;font:inherit;cursor:pointer}
button[disabled]{opacity:.6}
.note{color:#666;font-size:14px;text-indent:0}
.result{margin-top:16px;padding:12px;border-radius:4px;background:#f0f7f0}
.result.error{background:#fdecea}
.result:empty{display:none}
#tracking-code{font-family:monospace;font-size:20px;letter-spacing:2px}
@media print{
@page{size:A4;margin:25mm 24mm 22mm}
body{background:#fff;color:#000;font:14pt/1.7 FangSong,"仿宋","STFangsong","Noto Serif CJK SC","Noto Sans CJK SC",serif}
main{max-width:none;padding:0}
article{box-shadow:none;border-radius:0;padding:0;margin:0}
h1{color:#000;font:20pt/1.5 "FZXiaoBiaoSong-B05S","方正小标宋简体",SimSun,"Noto Serif CJK SC",serif;margin:0 0 16pt}
p,.sign{break-inside:avoid}
#complaint,#lookup{display:none}
}
`;

// Plain DOM, textContent only: nothing the server or the user typed is parsed as HTML.
export const NOTICE_JS = `
(function () {
  function show(box, ok, parts) {
    box.className = 'result' + (ok ? '' : ' error');
    box.textContent = '';
    parts.forEach(function (p) {
      var el = document.createElement(p.tag || 'span');
      if (p.id) el.id = p.id;
      el.textContent = p.text;
      box.appendChild(el);
    });
  }
  function zhDate(iso) {
    var d = iso.split('-');
    return Number(d[0]) + '年' + Number(d[1]) + '月' + Number(d[2]) + '日';
  }
  function errorText(data) {
    if (data && data.errors && data.errors.length) return data.errors.map(function (e) { return e.message; }).join('；');
    return (data && data.message) || '提交失败，请稍后重试';
  }
  var form = document.getElementById('complaint-form');
  if (form) form.addEventListener('submit', function (event) {
    event.preventDefault();
    var box = document.getElementById('complaint-result');
    var button = form.querySelector('button');
    var body = { noticeId: form.getAttribute('data-notice-id'), candidateId: form.candidateId.value, content: form.content.value };
    var contact = form.contact.value.trim();
    if (contact) body.contact = contact;
    button.disabled = true;
    fetch('/api/public/complaints', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) { return res.json().then(function (data) { return { ok: res.ok, data: data }; }); })
      .then(function (r) {
        if (!r.ok) return show(box, false, [{ text: errorText(r.data) }]);
        form.reset();
        show(box, true, [
          { text: '提交成功。您的查询码为 ' },
          { tag: 'strong', id: 'tracking-code', text: r.data.trackingCode },
          { text: '，请妥善保存，可凭此码查询办理情况。党组织将于 ' + zhDate(r.data.due) + ' 前核实。' }
        ]);
      })
      .catch(function () { show(box, false, [{ text: '网络错误，请稍后重试' }]); })
      .then(function () { button.disabled = false; });
  });
  var lookup = document.getElementById('lookup-form');
  lookup.addEventListener('submit', function (event) {
    event.preventDefault();
    var box = document.getElementById('lookup-result');
    var code = lookup.code.value.trim();
    if (!code) return;
    fetch('/api/public/complaints/' + encodeURIComponent(code))
      .then(function (res) { return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; }); })
      .then(function (r) {
        if (!r.ok) return show(box, false, [{ text: r.status === 404 ? '未找到该查询码' : errorText(r.data) }]);
        var parts = [{ text: (r.data.status === 'open' ? '核实中' : '已办结') + '；收到日期 ' + zhDate(r.data.receivedOn) + '；核实期限 ' + zhDate(r.data.due) + '。' }];
        if (r.data.reply) parts.push({ tag: 'p', text: '答复：' + r.data.reply });
        show(box, true, parts);
      })
      .catch(function () { show(box, false, [{ text: '网络错误，请稍后重试' }]); });
  });
})();
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/notices/notice.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** The notice as published, its complaint form while it is open, and a status lookup. */
export function renderNoticePage(n: PublicNoticeView): string {
  const lines = n.text.split('\n');
  const [, ...rest] = lines; // the first line is the title
  const sign = rest.slice(-2);
  const paragraphs = rest
    .slice(0, -2)
    .filter((l) => l.trim() !== '')
    .map(
      (l) =>
        `<p${/^\d+\. /.test(l) ? ' class="item"' : /^(联系电话|来信来访地址|网上反映)：/.test(l) ? ' class="channel"' : ''}>${escapeHtml(l)}</p>`,
    )
    .join('\n');
  const article = `<article class="notice">
<h1>${escapeHtml(n.title)}</h1>
${paragraphs}
<div class="sign">${sign.map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>
</article>`;

  const options = n.candidates
    .map(
      (c) =>
        `<option value="${escapeHtml(c.candidateId)}"${n.candidates.length === 1 ? ' selected' : ''}>${escapeHtml(c.name)}</option>`,
    )
    .join('');
  const form = n.acceptingComplaints
    ? `<section id="complaint">
<h2>在线反映情况</h2>
<p class="note">公示期至 ${escapeHtml(zhDate(n.end))}。请如实反映公示对象的有关情况和问题，我们将严格保密。</p>
<form id="complaint-form" data-notice-id="${escapeHtml(n.id)}">
<label for="candidateId">反映对象</label>
<select id="candidateId" name="candidateId" required>${n.candidates.length === 1 ? '' : '<option value="">请选择</option>'}${options}</select>
<label for="content">反映内容（10至2000字）</label>
<textarea id="content" name="content" rows="6" minlength="10" maxlength="2000" required></textarea>
<label for="contact">联系方式（选填）</label>
<input id="contact" name="contact" maxlength="200" autocomplete="off">
<button type="submit">提交</button>
</form>
<noscript><p class="note">在线提交需要启用浏览器脚本；也可通过上文所列电话或地址反映。</p></noscript>
<div id="complaint-result" class="result" role="status" aria-live="polite"></div>
</section>`
    : `<section id="complaint"><h2>在线反映情况</h2><p class="note">本公示${n.status === 'closed' ? '已结束' : '不在公示期内'}，不再受理网上反映。</p></section>`;

  const lookup = `<section id="lookup">
<h2>查询办理情况</h2>
<form id="lookup-form">
<label for="code">查询码</label>
<input id="code" name="code" maxlength="20" autocomplete="off" required>
<button type="submit">查询</button>
</form>
<div id="lookup-result" class="result" role="status" aria-live="polite"></div>
</section>`;

  return page(n.title, `${article}\n${form}\n${lookup}\n<script src="/notices/notice.js"></script>`);
}

export function renderNotFoundPage(): string {
  return page('公示不存在', '<article><h1>未找到该公示</h1><p>该公示不存在或链接有误，请核对网址。</p></article>');
}
