"""Money is integer won.  Every rounding rule and every split lives here."""

from collections.abc import Sequence


def won(amount: int) -> str:
    """Format for display: 12345 -> "12,345원"."""
    return f"{amount:,}원"


def weighted_price(*, unit_price: int, unit_grams: int, actual_grams: int) -> int:
    """Price of a sold-by-weight line from its unit price: floor to the won, never in the
    customer's disfavour."""
    if unit_grams <= 0:
        raise ValueError("unit_grams must be positive")
    return unit_price * actual_grams // unit_grams


def split_largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` won in proportion to `weights` so the parts sum exactly to `total`.

    Each part gets the floor of its share; the won left over go, one each, to the parts with
    the largest remainders (ties to the earlier part)."""
    if total < 0:
        raise ValueError("total must be >= 0")
    if any(w < 0 for w in weights):
        raise ValueError("weights must be >= 0")
    weight_sum = sum(weights)
    if not weights:
        if total:
            raise ValueError("cannot split a positive total over no parts")
        return []
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    floors = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def ceil_percent(amount: int, percent: int) -> int:
    """`percent` % of `amount` won, rounded up: an approval ceiling (e.g. 110 % of a weighed
    item's estimate) must cover every price the weighing can give."""
    if amount < 0 or percent < 0:
        raise ValueError("amount and percent must be >= 0")
    return -(-amount * percent // 100)


def floor_basis_points(amount: int, rate_bp: int) -> int:
    """`rate_bp` basis points (100 = 1 %) of `amount` won, floored to the won: the platform's
    commission is never rounded in its own favour."""
    if amount < 0:
        raise ValueError("amount must be >= 0")
    if not 0 <= rate_bp <= 10_000:
        raise ValueError("rate_bp must be between 0 and 10000")
    return amount * rate_bp // 10_000


def progress_percent(amount: int, goal: int) -> int:
    """Whole-percent progress towards a goal, capped at 100 (for the free-delivery bar)."""
    if goal <= 0:
        return 100
    return min(100, amount * 100 // goal)
