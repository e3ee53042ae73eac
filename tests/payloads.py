"""A corpus of hostile Markdown, by class. Every payload that ran would set
`document.title` to "PWNED" (or leave a live handler, URL or overlay the checks see)."""

from __future__ import annotations

T = "document.title='PWNED'"
NONCE = "0123456789ab"  # a guess at a render's nonce: the real one is random

EVENT_HANDLERS = [
    f'<img src=x onerror="{T}">',
    f'<IMG SRC=x OnErRoR="{T}">',
    f'<svg onload="{T}"></svg>',
    f'<details open ontoggle="{T}"><summary>s</summary>d</details>',
    f'<input autofocus onfocus="{T}">',
    f'<video><source onerror="{T}"></video>',
    f'<body onload="{T}">',
    f'<span onmouseover="{T}">hover</span>',
    f'<a href="#" onclick="{T}">click</a>',
]
URLS = [
    f'<a href="javascript:{T}">js</a>',
    f'<a href="  JaVaScRiPt:{T}">case</a>',
    f'<a href="&#106;avascript:{T}">entity</a>',
    f'<a href="jav&#x09;ascript:{T}">tab</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5kb2N1bWVudC50aXRsZT0nUFdORUQnPC9zY3JpcHQ+">d</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    f"[md link](javascript:{T})",
    f"[md entity](&#106;avascript:{T})",
    "[md data](data:text/html,<script>document.title='PWNED'</script>)",
    f"<javascript:{T}>",
    f'![alt" onerror="{T}](https://example.invalid/x.png "t\\" onerror=\\"{T}")',
]
ELEMENTS = [
    f"<script>{T}</script>",
    f"<svg><script>{T}</script></svg>",
    f'<svg><a xlink:href="javascript:{T}"><text y="20">svg link</text></a></svg>',
    f'<math><maction actiontype="statusline" href="javascript:{T}">m</maction></math>',
    f'<iframe src="javascript:{T}"></iframe>',
    f'<iframe srcdoc="<script>parent.{T}</script>"></iframe>',
    f'<object data="javascript:{T}"></object>',
    f'<embed src="javascript:{T}">',
    '<base href="https://example.invalid/">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{T}">',
    f'<form action="javascript:{T}"><button>go</button></form>',
    f'<button formaction="javascript:{T}">go</button>',
    '<link rel="stylesheet" href="https://example.invalid/x.css">',
    "<style>.card { display: none }</style>",
]
MUTATION = [
    f'<noscript><p title="</noscript><img src=x onerror={T}>">',
    f"<!--><img src=x onerror={T}>-->",
    f"<math><mtext><table><mglyph><style><img src=x onerror={T}>",
    f'<a title="a>b" href="x">ok</a><img src=x onerror="{T}"',
]
OVERLAYS = [
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">over</div>',
    '<span style="POSITION: FIXED; inset: 0">over</span>',
    "| a |\n|---|\n| <td style='position:fixed;inset:0'>cell</td> |",
    '<p class="card" style="position:sticky;top:0">sticky</p>',
]
# The placeholders formulas travel in: written by the notes, they must stay text.
FORGERIES = [
    f'<img src="nope" alt="\ue0000\ue001"> $"onerror="{T}"$',
    f'<img src="nope" alt="\ue000{NONCE}m0\ue001"> $"onerror="{T}"$',
    f'<img src="nope" alt="\ue000{NONCE}i0\ue001"> ![x](https://example.invalid/a.png)',
    '<img src="nope" alt="\ue0100\ue011"> forged PDF placeholder \ue0100\ue011',
]
MATHJAX = [
    f"$\\href{{javascript:{T}}}{{click}}$",
    f"$\\style{{position:fixed;top:0;left:0;width:100%;height:100%}}{{\\href{{javascript:{T}}}{{X}}}}$",
    "$\\class{card}{x}$ and $\\cssId{qa}{y}$",
    "$\\require{action}\\toggle{a}{b}\\endtoggle$",
    f'$\\mmlToken{{mi}}[href="javascript:{T}"]{{x}}$',
    "$\\bbox[position:fixed;top:0;left:0]{x}$",
    "$\\color{red;position:fixed;top:0}{x}$",
    "$$\\data{onclick=x}{y}$$",
    "$\\texttip{x}{tip}$ $\\mathtip{x}{y}$",
    "$\\newcommand{\\h}[1]{\\hr#1}\\h{ef{javascript:document.title='PWNED'}{x}}$",
    # `\(` written as text must not open a formula Anki's MathJax would typeset.
    f"\\\\(\\href{{javascript:{T}}}{{text delimiters}}\\\\)",
    "\\\\[\\style{position:fixed;top:0;left:0}{X}\\\\]",
    f"`\\(\\href{{javascript:{T}}}{{in code}}\\)`",
]

PAYLOADS = {
    "event": EVENT_HANDLERS,
    "url": URLS,
    "element": ELEMENTS,
    "mutation": MUTATION,
    "overlay": OVERLAYS,
    "forgery": FORGERIES,
    "mathjax": MATHJAX,
}
ALL = [payload for group in PAYLOADS.values() for payload in group]


def notes() -> str:
    """One notes file with every payload in every place a card shows text: a key point's
    label and body, a raw HTML block, a question, its answer, a follow-up and a section
    the answer points to (shown in the card's reference block)."""
    lines = ["# 载荷", "", "## 笔记", ""]
    for index, payload in enumerate(ALL):
        inline = payload.replace("\n", " ")
        lines += [f"### 载荷 {index}", "", f"- **标签 {index} {inline}**: {inline};", ""]
        lines += [payload, ""]
    lines += ["## 面试题", ""]
    for index, payload in enumerate(ALL):
        inline = payload.replace("\n", " ")
        lines += [
            f"{index + 1}. **问题 {index} {inline}?**",
            f'    - **答案**: 参考笔记中 "载荷 {index}" 部分; {inline};',
            f"    - **追问**: {inline}",
            "",
        ]
    return "\n".join(lines) + "\n"
