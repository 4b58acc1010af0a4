"""What a scalar of the engine may be: a real, finite number, or a clear error saying why not."""

import math
import numbers


def as_real(x, what="Value"):
    """x as a float: an int, a float, a numpy scalar, or a numpy array or torch tensor holding one real number.

    Refused, with a message naming what was given: bool (``True`` is a comparison's answer, not a quantity),
    complex numbers, strings, None, containers, arrays or tensors of more than one number (TypeError), and
    NaN or ±inf (ValueError). ``what`` names the receiver in the message, e.g. "Value" or "Dual".
    """
    if type(x) is float:  # the common case, checked first
        if math.isfinite(x):
            return x
        raise ValueError(f"{what} needs a finite number, got {x!r}")
    if isinstance(x, bool) or type(x).__name__ == "bool_":  # numpy.bool_ is no subclass of bool
        raise TypeError(f"{what} needs a real number, got the bool {x!r}; write 1.0 or 0.0 if you mean a number")
    if isinstance(x, numbers.Real):  # int, Fraction, numpy integers and floats
        try:
            x = float(x)
        except OverflowError:
            raise ValueError(f"{what} needs a number that fits in a float, got {x!r}") from None
        return as_real(x, what)
    if isinstance(x, numbers.Complex):
        raise TypeError(f"{what} needs a real number, got the complex number {x!r}")
    shape = getattr(x, "shape", None)
    if shape is not None and hasattr(x, "item"):  # a numpy array or a torch tensor
        if math.prod(shape) != 1:
            raise TypeError(f"{what} holds one number, got a {type(x).__name__} of shape {tuple(shape)}")
        return as_real(x.item(), what)
    if isinstance(x, str):
        raise TypeError(f"{what} needs a number, got the string {x!r}; convert it first, e.g. float({x!r})")
    raise TypeError(f"{what} needs a real number, got {type(x).__name__} {x!r}")


def as_operand(x, symbol, left, right):
    """The number x as the other operand of ``left symbol right`` (one of them is x), or a clear TypeError.

    A torch tensor that requires grad is refused: taken as a number it would be a constant here, and its
    ``.grad`` would silently stay None.
    """
    if type(x) is float and math.isfinite(x):  # the common case, checked first
        return x
    if getattr(x, "requires_grad", False) is True:
        names = f"{type(left).__name__} {symbol} {type(right).__name__}"
        own = type(right if x is left else left).__name__
        raise TypeError(
            f"{names}: a torch tensor that requires grad does not mix with a {own}, which would take it as a "
            f"constant and leave its .grad None. Compute in one engine: all torch tensors, or all {own}s "
            f"({own}(t.item()) makes one from a tensor t); or write t.item() if you mean its number as a constant."
        )
    try:
        return as_real(x, "an operand")
    except TypeError:
        names = f"{type(left).__name__} {symbol} {type(right).__name__}"
        raise TypeError(f"unsupported operands for {names}: the other operand must be a real number") from None
