"""French identifiers of establishments: SIRET (Luhn) and FINESS."""


def luhn_ok(digits):
    """True when the string of digits passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_identifier(value):
    """Drop the spaces people type inside SIRET and FINESS numbers."""
    return "".join(value.split()) if value else ""


def siret_ok(value):
    """A SIRET is 14 digits passing Luhn."""
    return len(value) == 14 and value.isdigit() and luhn_ok(value)


def finess_ok(value):
    """A FINESS number is 9 characters, digits (Corsica's 2A/2B aside)."""
    return len(value) == 9 and (value.isdigit() or
                                (value[:2] in ("2A", "2B") and value[2:].isdigit()))
