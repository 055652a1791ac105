"""Famous recipes as ready-made runs, each with where it comes from.

Papers count in different units: ResNet in epochs, transformers in optimizer steps, GPT-3 in
tokens. A recipe keeps the paper's unit where it is epochs or steps, turns tokens into steps with a
stated batch size, and says which. Placing a recipe on the valley (the sharpness that makes its
peak bounce, its `Settings`) is the simulation's part: `lrgame.sim.presets`.

>>> r = get_recipe("sgdr")
>>> r.schedule, r.lr0, r.epochs
('cosine_restarts', 0.05, 150)
"""

from __future__ import annotations

from dataclasses import field

from lrgame.engine.params import ConfigError, Value, quoted
from lrgame.engine.record import record

GPT3_TOKENS_PER_STEP = 3_200_000  # GPT-3 175B's batch: 3.2M tokens
LLAMA_TOKENS_PER_STEP = 4_000_000  # LLaMA's batch: 4M tokens


@record
class Recipe:
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
    # Attract mode's one line: only recipes whose whole run fits a scene at the fastest speed have
    # one; the million-step ones would only crawl.
    caption: str = ""


_GPT3_WARMUP = round(375e6 / GPT3_TOKENS_PER_STEP)  # 375M tokens → 117.2 → 117 steps
_GPT3_DECAY_END = round(260e9 / GPT3_TOKENS_PER_STEP)  # 260B tokens → step 81,250
_GPT3_STEPS = round(300e9 / GPT3_TOKENS_PER_STEP)  # 300B tokens → 93,750 steps
_LLAMA_STEPS = round(1e12 / LLAMA_TOKENS_PER_STEP)  # 1T tokens → 250,000 steps
_D_MODEL, _NOAM_WARMUP = 512, 4000  # the base Transformer's width and warmup steps
_TRANSFORMER_PEAK = _D_MODEL**-0.5 * _NOAM_WARMUP**-0.5  # (d_model · warmup)^−½ ≈ 6.99e-4
_BERT_STEPS, _BERT_WARMUP = 1_000_000, 10_000
_BERT_SHOWN_HALF = _BERT_WARMUP + (_BERT_STEPS - _BERT_WARMUP) // 2  # the line from the warmup's end: 505,000
_BERT_OWN_HALF = _BERT_STEPS // 2  # BERT's own line, from step 0 (the warmup only overrides its start): 500,000
_BERT_GAP = _BERT_WARMUP / _BERT_STEPS  # after the warmup BERT's own rate is this share below the one shown: 1 %


def _short(x: float) -> str:
    """7.0e-4, not 7.0e-04."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"

RECIPES: dict[str, Recipe] = {
    p.name: p
    for p in (
        Recipe(
            "resnet", "ResNet on ImageNet",
            "Start at 0.1 and divide the rate by 10 every 30 epochs, for 90 epochs: a staircase with three "
            "levels. This is the common reference recipe (torchvision's), not the paper's own rule, which "
            "divided by 10 whenever the error stopped falling, over up to 600,000 steps.",
            "He, Zhang, Ren & Sun (2016), Deep Residual Learning for Image Recognition",
            "epochs", "step", 0.1, 90, {"step_size": 30, "gamma": 0.1},
            "The ResNet recipe: three flat steps, each ten times lower than the last.",
        ),
        Recipe(
            "sgdr", "SGDR: warm restarts",
            "Glide from 0.05 down to 0 along a cosine, then jump straight back up and glide again. Each glide "
            "is twice as long as the one before (10, 20, 40, 80 epochs), so the jumps come at epochs 10, 30 "
            "and 70, and the run stops at epoch 150 at the bottom of a glide, just where the next jump would come.",
            "Loshchilov & Hutter (2017), SGDR: Stochastic Gradient Descent with Warm Restarts",
            "epochs", "cosine_restarts", 0.05, 150, {"T_0": 10, "T_mult": 2, "eta_min": 0.0},
            "SGDR: each glide down is twice as long as the last, then the rate jumps back up.",
        ),
        Recipe(
            "one_cycle", "One-cycle",
            "One climb to a big peak rate (1.0 here) and one long fall to far below where it started, with "
            "PyTorch's default settings: the first 30 % of the run climbs from peak/25, and the end is "
            "peak/25/10,000.",
            "Smith & Topin (2019), Super-Convergence: Very Fast Training of Neural Networks Using Large "
            "Learning Rates",
            "epochs", "one_cycle", 1.0, 100, {},
            "The one-cycle recipe: a big climb to a huge rate, then a very long fall.",
        ),
        Recipe(
            "transformer", "Transformer (Noam)",
            f"The rate climbs in a straight line for {_NOAM_WARMUP:,} steps to a peak of about "
            f"{_short(_TRANSFORMER_PEAK)}, then shrinks slowly, like 1/√step: four times as many steps, half the "
            f"rate. The peak is (d_model · warmup)^−½ = ({_D_MODEL} · {_NOAM_WARMUP:,})^−½: the warmup's length sets "
            "it as much as the model's width, and making either longer lowers it. Shown over the base model's "
            "100,000 training steps.",
            "Vaswani et al. (2017), Attention Is All You Need",
            "steps", "noam", _TRANSFORMER_PEAK, 100_000, {"warmup_epochs": _NOAM_WARMUP},
        ),
        Recipe(
            "bert", "BERT",
            f"Climb in a straight line to 1e-4 over the first {_BERT_WARMUP:,} steps, then fall in a straight line "
            f"to 0 at step {_BERT_STEPS:,}. Shown as most training code draws it today (Hugging Face's "
            f"get_linear_schedule_with_warmup): the fall starts where the warmup ends, so it is halfway down at step "
            f"{_BERT_SHOWN_HALF:,}. BERT's own released code draws the line from step 0 and lets the warmup "
            f"replace only its first {_BERT_WARMUP:,} steps, so there the rate drops to "
            f"{_short(1e-4 * (1 - _BERT_GAP))} when the warmup ends, is halfway down at step {_BERT_OWN_HALF:,}, "
            f"and stays {100 * _BERT_GAP:g} % below the curve shown until the end. lrgame's schedules cannot make that "
            "drop; the shape is the same.",
            "Devlin et al. (2019), BERT: Pre-training of Deep Bidirectional Transformers "
            "for Language Understanding",
            "steps", "wsd", 1e-4, _BERT_STEPS,
            {"warmup_epochs": _BERT_WARMUP, "decay_epochs": _BERT_STEPS - _BERT_WARMUP, "warmup_type": "linear",
             "decay_type": "linear", "min_lr_ratio": 0.0},
        ),
        Recipe(
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
        Recipe(
            "llama", "LLaMA 7B",
            f"Warm up to 3.0e-4 over 2,000 steps, then glide along a cosine down to 10 % of that (3e-5) at "
            f"the very end. The 7B model saw about 1T tokens in batches of {LLAMA_TOKENS_PER_STEP:,} tokens: "
            f"{_LLAMA_STEPS:,} steps. (The 13B model used the same peak and length.)",
            "Touvron et al. (2023), LLaMA: Open and Efficient Foundation Language Models",
            "steps", "warmup_cosine", 3e-4, _LLAMA_STEPS,
            {"warmup_epochs": 2000, "eta_min": 3e-5},
        ),
        Recipe(
            "wsd", "Warmup-stable-decay",
            "Warm up (500 steps), hold the peak for most of the run, then cool down fast in the last 20 % "
            "(2,000 of 10,000 steps) along a 1−√ curve. You can stop the long flat part whenever you like "
            "and still finish with a cooldown. MiniCPM (Hu et al. 2024) cools down in about the last 10 %. "
            "The peak and the step counts are picked here to show the shape; the shape is the paper's.",
            "Hägele et al. (2024), Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
            "steps", "wsd", 1e-3, 10_000,
            {"warmup_epochs": 500, "decay_epochs": 2_000, "warmup_type": "linear", "decay_type": "1-sqrt",
             "min_lr_ratio": 0.0},
            "Warmup-stable-decay as used for language models: long and flat, then a fast cool-down.",
        ),
    )
}


def get_recipe(name: str) -> Recipe:
    """The recipe called `name`, or a ConfigError listing the names there are."""
    if name not in RECIPES:
        raise ConfigError(f"preset={quoted(name)} is unknown: choose one of {', '.join(RECIPES)}")
    return RECIPES[name]
