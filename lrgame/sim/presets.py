"""A famous recipe (`lrgame.engine.presets`) placed on the valley.

Each preset picks the valley's sharpness so that its peak rate bounces visibly (η₀·f″ = 1.5),
because a tiny LLM rate on a gentle valley would only crawl. If the valley's sharpness range cannot
give that, the preset takes the sharpest valley allowed and its `caveat` says so, rather than
pretending.

>>> p = get_preset("resnet")
>>> p.schedule, p.lr0, p.epochs, p.sharpness, p.bounces
('step', 0.1, 90, 15.0, True)
"""

from __future__ import annotations

from lrgame.engine.presets import RECIPES, Recipe, get_recipe
from lrgame.sim import valley
from lrgame.sim.settings import Settings, make_settings, updated

BOUNCE = 1.5  # η₀·f″ at the floor: between 1 and 2 the ball overshoots the floor but comes back


class Preset(Recipe):
    """A recipe with what the valley adds: the sharpness it is shown on, and its Settings. (The
    recipe's fields, frozen, repr and equality come from the Recipe dataclass.)"""

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
        return make_settings(self.schedule, self.lr0, self.epochs, self.params, sharpness=self.sharpness,
                             unit=self.unit)


PRESETS: dict[str, Preset] = {name: Preset(**vars(recipe)) for name, recipe in RECIPES.items()}


def get_preset(name: str) -> Preset:
    """The preset called `name`, or a ConfigError listing the names there are."""
    return PRESETS[get_recipe(name).name]


def on_valley(name: str, here: Settings) -> Settings:
    """Picking recipe `name` with `here` on screen: the recipe's schedule, η₀, T, knobs and
    sharpness; the valley, noise, seed and optimizer stay."""
    return updated(get_preset(name).settings(), valley=here.valley, noise=here.noise, seed=here.seed,
                   optimizer=here.optimizer)


def preset_lines() -> list[str]:
    """`name  description  source`, one preset a line (for `python main.py presets`)."""
    width = max(len(n) for n in PRESETS)
    return [
        f"{p.name:<{width}}  {p.title}: {' '.join(filter(None, (p.description, p.caveat)))}  [{p.unit}]  {p.source}"
        for p in PRESETS.values()
    ]
