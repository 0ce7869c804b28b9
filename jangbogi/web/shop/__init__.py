"""The consumer shop: find a market near you, fill one basket across its stores, order."""
