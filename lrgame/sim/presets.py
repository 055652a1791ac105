"""Famous recipes as ready-made settings, each with where it comes from.

Papers count in different units: ResNet in epochs, transformers in optimizer steps, GPT-3 in
tokens. A preset keeps the paper's unit where it is epochs or steps, turns tokens into steps with a
stated batch size, and says which. Each preset also picks the valley's sharpness so that its peak
rate bounces visibly (η₀·f″ = 1.5), because a tiny LLM rate on a gentle valley would only crawl.
If the valley's sharpness range cannot give that, the preset takes the sharpest valley allowed and
its `caveat` says so, rather than pretending.

>>> p = get_preset("resnet")
>>> p.schedule, p.lr0, p.epochs, p.sharpness, p.bounces
('step', 0.1, 90, 15.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lrgame.engine.params import ConfigError, Value
from lrgame.sim import valley
from lrgame.sim.settings import Settings, make_settings

BOUNCE = 1.5  # η₀·f″ at the floor: between 1 and 2 the ball overshoots the floor but comes back

GPT3_TOKENS_PER_STEP = 3_200_000  # GPT-3 175B's batch: 3.2M tokens
LLAMA_TOKENS_PER_STEP = 4_000_000  # LLaMA's batch: 4M tokens


@dataclass(frozen=True)
class Preset:
    """One recipe: the schedule, η₀ (its peak), T and knobs, plus the words and the paper."""

    name: str
    title: str
    description: str
    source: str  # authors (year), title
    unit: str  # "epochs" or "steps": what one engine step is in this recipe
    schedule: str
    lr0: float
    epochs: int
    params: dict[str, Value] = field(default_factory=dict)

    @property
    def sharpness(self) -> float:
        """f″ at the floor that makes η₀·f″ = BOUNCE, or the nearest the valley allows."""
        lo, hi = valley.SHARPNESS_RANGE
        return min(hi, max(lo, BOUNCE / self.lr0))

    @property
    def bounces(self) -> bool:
        """Whether η₀ really bounces on this valley: 1 < η₀·f″ < 2."""
        return 1.0 < self.lr0 * self.sharpness < 2.0

    @property
    def caveat(self) -> str:
        """Empty when the peak bounces; otherwise the plain truth about what the ball will do."""
        if self.bounces:
            return ""
        product = self.lr0 * self.sharpness
        what = "only creeps down to the floor" if product <= 1.0 else "flies out of the valley"
        return (f"Even on the sharpest valley allowed (f″ = {self.sharpness:g}) this peak rate gives η₀·f″ = "
                f"{product:.2g}, not between 1 and 2, so the ball {what} instead of bouncing.")

    def settings(self) -> Settings:
        return make_settings(self.schedule, self.lr0, self.epochs, self.params, sharpness=self.sharpness)


_GPT3_WARMUP = round(375e6 / GPT3_TOKENS_PER_STEP)  # 375M tokens → 117.2 → 117 steps
_GPT3_DECAY_END = round(260e9 / GPT3_TOKENS_PER_STEP)  # 260B tokens → step 81,250
_GPT3_STEPS = round(300e9 / GPT3_TOKENS_PER_STEP)  # 300B tokens → 93,750 steps
_LLAMA_STEPS = round(1e12 / LLAMA_TOKENS_PER_STEP)  # 1T tokens → 250,000 steps
_TRANSFORMER_PEAK = 512**-0.5 * 4000**-0.5  # d_model^-0.5 · warmup^-0.5 ≈ 6.99e-4

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "resnet", "ResNet on ImageNet",
            "Start at 0.1 and divide the rate by 10 every 30 epochs, for 90 epochs: a staircase with three "
            "levels. This is the common reference recipe (torchvision's), not the paper's own rule, which "
            "divided by 10 whenever the error stopped falling, over up to 600,000 steps.",
            "He, Zhang, Ren & Sun (2016), Deep Residual Learning for Image Recognition",
            "epochs", "step", 0.1, 90, {"step_size": 30, "gamma": 0.1},
        ),
        Preset(
            "sgdr", "SGDR: warm restarts",
            "Glide from 0.05 down to 0 along a cosine, then jump straight back up and glide again. Each glide "
            "is twice as long as the one before (10, 20, 40, 80 epochs), so the jumps come at epochs 10, 30 "
            "and 70, and the run stops at epoch 150 at the bottom of a glide, just where the next jump would come.",
            "Loshchilov & Hutter (2017), SGDR: Stochastic Gradient Descent with Warm Restarts",
            "epochs", "cosine_restarts", 0.05, 150, {"T_0": 10, "T_mult": 2, "eta_min": 0.0},
        ),
        Preset(
            "one_cycle", "One-cycle",
            "One climb to a big peak rate (1.0 here) and one long fall to far below where it started, with "
            "PyTorch's default settings: the first 30 % of the run climbs from peak/25, and the end is "
            "peak/25/10,000.",
            "Smith & Topin (2019), Super-Convergence: Very Fast Training of Neural Networks Using Large "
            "Learning Rates",
            "epochs", "one_cycle", 1.0, 100, {},
        ),
        Preset(
            "transformer", "Transformer (Noam)",
            "The rate climbs in a straight line for 4,000 steps to a peak of about 7.0e-4, then shrinks "
            "slowly, like 1/√step: four times as many steps, half the rate. The peak comes from the model's "
            "width, 512^-0.5 · 4000^-0.5. Shown over the base model's 100,000 training steps.",
            "Vaswani et al. (2017), Attention Is All You Need",
            "steps", "noam", _TRANSFORMER_PEAK, 100_000, {"warmup_epochs": 4000},
        ),
        Preset(
            "bert", "BERT",
            "Climb in a straight line to 1e-4 over the first 10,000 steps, then fall in a straight line to 0 "
            "at step 1,000,000 (halfway down at step 505,000).",
            "Devlin et al. (2019), BERT: Pre-training of Deep Bidirectional Transformers "
            "for Language Understanding",
            "steps", "wsd", 1e-4, 1_000_000,
            {"warmup_epochs": 10_000, "decay_epochs": 990_000, "warmup_type": "linear", "decay_type": "linear",
             "min_lr_ratio": 0.0},
        ),
        Preset(
            "gpt3", "GPT-3 175B",
            f"Warm up to 0.6e-4 over the first 375M tokens, glide along a cosine down to 10 % of that by 260B "
            f"tokens, then stay there until the end at 300B tokens. One step here is {GPT3_TOKENS_PER_STEP:,} "
            f"tokens, the 175B model's batch, so: warmup {_GPT3_WARMUP} steps, cosine until step "
            f"{_GPT3_DECAY_END:,}, {_GPT3_STEPS:,} steps in all. (The real run also grew its batch during the "
            f"first few billion tokens; that is left out.)",
            "Brown et al. (2020), Language Models are Few-Shot Learners",
            "steps", "warmup_cosine", 6e-5, _GPT3_STEPS,
            {"warmup_epochs": _GPT3_WARMUP, "decay_epochs": _GPT3_DECAY_END - _GPT3_WARMUP, "eta_min": 6e-6},
        ),
        Preset(
            "llama", "LLaMA 7B",
            f"Warm up to 3.0e-4 over 2,000 steps, then glide along a cosine down to 10 % of that (3e-5) at "
            f"the very end. The 7B model saw about 1T tokens in batches of {LLAMA_TOKENS_PER_STEP:,} tokens: "
            f"{_LLAMA_STEPS:,} steps. (The 13B model used the same peak and length.)",
            "Touvron et al. (2023), LLaMA: Open and Efficient Foundation Language Models",
            "steps", "warmup_cosine", 3e-4, _LLAMA_STEPS,
            {"warmup_epochs": 2000, "eta_min": 3e-5},
        ),
        Preset(
            "wsd", "Warmup-stable-decay",
            "Warm up (500 steps), hold the peak for most of the run, then cool down fast in the last 20 % "
            "(2,000 of 10,000 steps) along a 1−√ curve. You can stop the long flat part whenever you like "
            "and still finish with a cooldown. MiniCPM (Hu et al. 2024) cools down in about the last 10 %. "
            "The peak and the step counts are picked here to show the shape; the shape is the paper's.",
            "Hägele et al. (2024), Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
            "steps", "wsd", 1e-3, 10_000,
            {"warmup_epochs": 500, "decay_epochs": 2_000, "warmup_type": "linear", "decay_type": "1-sqrt",
             "min_lr_ratio": 0.0},
        ),
    )
}


def get_preset(name: str) -> Preset:
    """The preset called `name`, or a ConfigError listing the names there are."""
    if name not in PRESETS:
        raise ConfigError(f"preset={name!r} is unknown: choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


def preset_lines() -> list[str]:
    """`name  description  source`, one preset a line (for `python main.py presets`)."""
    width = max(len(n) for n in PRESETS)
    return [
        f"{p.name:<{width}}  {p.title}: {' '.join(filter(None, (p.description, p.caveat)))}  [{p.unit}]  {p.source}"
        for p in PRESETS.values()
    ]
