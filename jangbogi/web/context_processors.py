def shop(request):
    """The header's cart badge on every page (counted only when a template shows it)."""
    from jangbogi.web.session import CartBadge

    if not hasattr(request, "session"):
        return {}
    return {"cart_badge": CartBadge(request)}
