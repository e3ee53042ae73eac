"""A large synthetic notes file in the user's format, for the benchmarks.

`python benchmarks/generate.py OUT.md [--questions N] [--points N] [--distinct]`
`python benchmarks/generate.py OUT.md --sections N [--decks N]`
"""

from __future__ import annotations

import argparse
from pathlib import Path

FORMULAS = [
    r"r_t(\theta) = \frac{\pi_\theta(a_t|s_t)}{\pi_{\theta_{old}}(a_t|s_t)}",
    r"\hat{A}_t = \sum_{l=0}^{\infty} (\gamma\lambda)^l \delta_{t+l}",
    r"L^{CLIP} = \mathbb{E}_t[\min(r_t A_t, \operatorname{clip}(r_t, 1-\epsilon, 1+\epsilon) A_t)]",
    r"\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)",
]


def generate(questions: int, points: int, *, distinct: bool = False) -> str:
    """`distinct` gives every formula a unique subscript, so no render cache can help."""
    out = ["## 合成学习笔记", ""]
    per_section = 20
    for index in range(points):
        if index % per_section == 0:
            out += [f"### 主题 {index // per_section}", ""]
        formula = FORMULAS[index % len(FORMULAS)]
        if distinct:
            formula += f" + c_{{{index}}}"
        out.append(
            f"- **要点 {index}**: 这是第 {index} 个要点, 它说明 $x_{{{index % 50}}}$ 与 "
            f"**策略梯度** 的关系; 公式为 ${formula}$, 其中 $\\epsilon = 0.2$ 是常见取值; "
            "在 RLHF 中, 奖励模型 (reward model) 只在最后一个 token 给出分数, 因此需要 "
            "$\\gamma = 1$ 的 GAE 把它分配到每个位置;"
        )
    out += ["", "---", "", "## 面试问题清单", ""]
    for index in range(questions):
        if index % per_section == 0:
            out += [f"### 类别 {index // per_section}", ""]
        formula = FORMULAS[(index + 1) % len(FORMULAS)]
        if distinct:
            formula += f" + q_{{{index}}}"
        topic = (index * 7) % max(points // per_section, 1)
        marker = f"{index + 1}. "
        indent = " " * len(marker)  # sub-bullets nest under the item's text
        out += [
            f"{marker}**第 {index} 题: 为什么 PPO 需要 $r_t(\\theta)$ 的裁剪 (clip)?**",
            f'{indent}- **答案线索**: 参考笔记中 "主题 {topic}" 部分; 因为 ${formula}$ 在 '
            "$A_t > 0$ 时只允许概率比增大到 $1+\\epsilon$; 这是一个悲观的下界; 同时 critic "
            "用 $(V_\\phi(s_t) - \\hat{R}_t)^2$ 训练, 它的误差会直接进入优势估计;",
            f"{indent}- **追问**: 如果 $A_t < 0$ 会怎样? 裁剪能保证单调改进吗?",
        ]
    return "\n".join(out) + "\n"


def generate_sections(sections: int, decks: int) -> str:
    """`sections` leaf sections (one card each) spread over `decks` top-level topics, which
    become `decks` notes decks: a vault-shaped deck tree rather than a long flat list."""
    out = ["## 合成章节笔记", ""]
    per_deck = max(sections // max(decks, 1), 1)
    for index in range(sections):
        if index % per_deck == 0:
            out += [f"### 主题 {index // per_deck}", ""]
        formula = FORMULAS[index % len(FORMULAS)]
        out += [
            f"#### 小节 {index}",
            "",
            f"第 {index} 节说明 ${formula}$ 与 **策略梯度** 的关系; 其中 $\\epsilon = 0.2$.",
            "",
        ]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--points", type=int, default=2000)
    parser.add_argument("--distinct", action="store_true")
    parser.add_argument(
        "--sections", type=int, help="instead: this many leaf sections (see --decks)"
    )
    parser.add_argument("--decks", type=int, default=1000, help="topics the sections fill")
    args = parser.parse_args()
    if args.sections:
        text = generate_sections(args.sections, args.decks)
    else:
        text = generate(args.questions, args.points, distinct=args.distinct)
    args.output.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
