"""Famous recipes as ready-made settings, each with where it comes from.

Papers count in different units: ResNet in epochs, transformers in optimizer steps, GPT-3 in
tokens. A preset keeps the paper's unit where it is epochs or steps, turns tokens into steps with a
stated batch size, and says which. Each preset also picks the valley's sharpness so that its peak
rate bounces visibly (η₀·f″ = 1.5), because a tiny LLM rate on a gentle valley would only crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lrgame.config import Settings, make_settings
from lrgame.params import ConfigError, Value

BOUNCE = 1.5  # η₀·f″ at the floor: between 1 and 2 the ball overshoots the floor but comes back

GPT3_TOKENS_PER_STEP = 3_200_000  # GPT-3 175B's batch: 3.2M tokens
LLAMA_TOKENS_PER_STEP = 4_000_000  # LLaMA's batch: 4M tokens


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    source: str
    unit: str  # "epochs" or "steps": what one engine step is in this recipe
    schedule: str
    lr0: float
    epochs: int
    params: dict[str, Value] = field(default_factory=dict)

    def settings(self) -> Settings:
        return make_settings(self.schedule, self.lr0, self.epochs, self.params, sharpness=BOUNCE / self.lr0)


_GPT3_WARMUP = round(375e6 / GPT3_TOKENS_PER_STEP)  # 375M tokens → 117 steps
_GPT3_DECAY_END = round(260e9 / GPT3_TOKENS_PER_STEP)  # 260B tokens → step 81,250
_TRANSFORMER_PEAK = 512**-0.5 * 4000**-0.5  # d_model^-0.5 · warmup^-0.5 ≈ 6.99e-4

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "resnet", "ResNet on ImageNet",
            "η₀ 0.1, divided by 10 every 30 epochs for 90 epochs: torchvision's reference recipe. "
            "The paper itself divided by 10 whenever the error stopped falling, over up to 600k iterations.",
            "He, Zhang, Ren & Sun (2016), Deep Residual Learning for Image Recognition",
            "epochs", "step", 0.1, 90, {"step_size": 30, "gamma": 0.1},
        ),
        Preset(
            "sgdr", "SGDR: warm restarts",
            "Cosine from 0.05 to 0, then jump back up: cycles of 10, 20, 40 and 80 epochs "
            "(restarts at epochs 10, 30, 70 and 150).",
            "Loshchilov & Hutter (2017), SGDR: Stochastic Gradient Descent with Warm Restarts",
            "epochs", "cosine_restarts", 0.05, 150, {"T_0": 10, "T_mult": 2, "eta_min": 0.0},
        ),
        Preset(
            "one_cycle", "One-cycle",
            "One climb to a large peak (1.0) and one long fall far below the start, with PyTorch's "
            "defaults: 30 % of the run climbing, start at peak/25, end at peak/25/10,000.",
            "Smith & Topin (2019), Super-Convergence: Very Fast Training of Neural Networks Using Large "
            "Learning Rates",
            "epochs", "one_cycle", 1.0, 100, {},
        ),
        Preset(
            "transformer", "Transformer (Noam)",
            "rate = 512^-0.5 · min(step^-0.5, step · 4000^-1.5): a straight climb for 4,000 steps to a "
            "peak of about 7.0e-4, then a slow 1/√step fall, over the base model's 100,000 steps.",
            "Vaswani et al. (2017), Attention Is All You Need",
            "steps", "noam", _TRANSFORMER_PEAK, 100_000, {"warmup_epochs": 4000},
        ),
        Preset(
            "bert", "BERT",
            "Peak 1e-4 after a straight warmup over the first 10,000 steps, then a straight line down to 0 "
            "at step 1,000,000.",
            "Devlin, Chang, Lee & Toutanova (2019), BERT: Pre-training of Deep Bidirectional Transformers "
            "for Language Understanding",
            "steps", "wsd", 1e-4, 1_000_000,
            {"warmup_epochs": 10_000, "decay_epochs": 990_000, "warmup_type": "linear", "decay_type": "linear",
             "min_lr_ratio": 0.0},
        ),
        Preset(
            "gpt3", "GPT-3 175B",
            f"Peak 0.6e-4 after warming up over 375M tokens, cosine down to 10 % of the peak by 260B tokens, "
            f"then flat until 300B tokens. Counted in steps of {GPT3_TOKENS_PER_STEP:,} tokens (the 175B "
            f"model's batch): warmup {_GPT3_WARMUP} steps, cosine until step {_GPT3_DECAY_END:,}.",
            "Brown et al. (2020), Language Models are Few-Shot Learners",
            "steps", "warmup_cosine", 6e-5, round(300e9 / GPT3_TOKENS_PER_STEP),
            {"warmup_epochs": _GPT3_WARMUP, "decay_epochs": _GPT3_DECAY_END - _GPT3_WARMUP, "eta_min": 6e-6},
        ),
        Preset(
            "llama", "LLaMA 7B",
            f"Peak 3.0e-4 after 2,000 warmup steps, cosine down to 10 % of the peak at the end. About 1T "
            f"tokens at {LLAMA_TOKENS_PER_STEP:,} tokens per step: 250,000 steps.",
            "Touvron et al. (2023), LLaMA: Open and Efficient Foundation Language Models",
            "steps", "warmup_cosine", 3e-4, round(1e12 / LLAMA_TOKENS_PER_STEP),
            {"warmup_epochs": 2000, "eta_min": 3e-5},
        ),
        Preset(
            "wsd", "Warmup-stable-decay",
            "Warm up, hold the peak for most of the run, then cool down fast in the last 20 % with a "
            "1−√ shape. MiniCPM (Hu et al. 2024) cools down in about the last 10 %.",
            "Hägele et al. (2024), Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
            "steps", "wsd", 1e-3, 10_000,
            {"warmup_epochs": 500, "decay_epochs": 2_000, "warmup_type": "linear", "decay_type": "1-sqrt",
             "min_lr_ratio": 0.0},
        ),
    )
}


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise ConfigError(f"preset={name!r} is unknown: choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


def preset_lines() -> list[str]:
    """`name  description  source`, one preset a line (for `python main.py presets`)."""
    width = max(len(n) for n in PRESETS)
    return [f"{p.name:<{width}}  {p.title}: {p.description}  [{p.unit}]  {p.source}" for p in PRESETS.values()]
