"""The hip and ankle strength work of rules C8 and B5. Data.

The library format has no field for the muscles an exercise works, so the planner knows these
built-in ids by name (a user's exercise with one of these ids counts too); see docs/library.md.
Why each is there is the exercise's own `why` in the library (each names the hips, or the
calves and ankles).
"""

from __future__ import annotations

# Rule C8: hip abductor and gluteal strengthening, part of the core work of phases 2-3.
HIP_STRENGTH = frozenset(
    {
        "clamshell",
        "side-lying-leg-raise",
        "counter-hip-abduction",
        "wall-hip-abduction",
        "glute-bridge",
        "bed-bridge",
        "bridge-march",
    }
)
# Rule B5: ankle and calf strength at a firm support, with the balance work of people 65+.
ANKLE_STRENGTH = frozenset(
    {
        "counter-heel-raise",
        "counter-toe-raise",
        "wall-heel-raise",
        "wall-toe-raise",
        "sitting-heel-toe-raise",
    }
)
