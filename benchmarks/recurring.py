"""How well does RECURRING find findings raised before? Precision and recall, printed.

The corpus: every finding of the bundled examples and of the import fixtures (each
report imported by the real importer), plus pairs written for this measurement —
reworded repeats an inspectorate would plausibly write years apart, and unrelated
findings that share its stock phrases. A pair is a true repeat only if listed in
REPEATS (by text, from the corpus or written here); every other pair of findings from
different reports is taken as unrelated, after reading the highest-scoring of them.

    python benchmarks/recurring.py            # figures at the threshold in use
    python benchmarks/recurring.py --sweep    # figures across thresholds
    python benchmarks/recurring.py --worst    # the unrelated pairs that score highest
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.compliance.recurring import THRESHOLD, similarity, wording  # noqa: E402

# Reworded repeats: (earlier wording, later wording). The first three come from the
# corpus itself (the bundled examples and fixtures repeat themes across forces and years).
REPEATS: list[tuple[str, str]] = [
    ("The force should ensure that supervisors can recognise the signs of poor wellbeing and "
     "intervene early, and that the whole workforce knows how to gain access to the support "
     "available.",
     "The force should ensure that its supervisors have the training, time and support they need "
     "to recognise the signs of poor wellbeing and to intervene early."),
    ("The force should improve how it manages the performance and development of its officers "
     "and staff, ensuring that:",
     "The force should strengthen its management of individual performance and development, "
     "ensuring that:"),
    # Found by reading the highest-scoring "unrelated" pairs: the same subject, two forces.
    ("The force should ensure that it complies with the Code of Practice for Victims of Crime, "
     "in particular by updating victims regularly and by recording their reasons when they "
     "withdraw support for an investigation.",
     "The force needs to improve how it records victims' decisions when they withdraw their "
     "support for an investigation."),
    ("The force should improve the supervision of investigations.",
     "The force should make sure that its investigations are effectively supervised."),
    ("The force should ensure that it complies with the Code of Practice for Victims of Crime, in "
     "particular by updating victims regularly.",
     "The force should improve its compliance with the Code of Practice for Victims of Crime and "
     "keep victims updated about their investigations."),
    ("The force should ensure that officers record the grounds for every stop and search in "
     "enough detail to show that they had reasonable grounds.",
     "The force should improve how officers record the reasonable grounds for each stop and "
     "search they carry out."),
    ("The force should reduce the time it takes to examine phones, laptops and other digital "
     "devices, so that investigations are not held up.",
     "The force should reduce delays in examining digital devices such as phones and laptops, "
     "which are holding up investigations."),
    ("The force should ensure that all members of its workforce hold the level of vetting their "
     "role requires.",
     "The force should make sure that every officer and member of staff has the vetting level "
     "their role requires."),
    ("The force should work with local authorities to ensure that children who go missing from "
     "home or care are offered a return interview.",
     "The force should work with its partners so that every child who goes missing from home or "
     "from care is offered a return home interview."),
    ("The force should work with health partners to reduce the time that people in mental health "
     "crisis spend in police care.",
     "The force should work with health services to reduce the time people experiencing a mental "
     "health crisis spend in police custody or care."),
    ("The force should ensure that its counter-corruption unit has enough capacity and capability "
     "to seek intelligence on corruption proactively.",
     "The force should make sure its counter-corruption unit has the capacity and capability it "
     "needs to develop intelligence about corruption."),
    ("The force should improve the timeliness of its complaint investigations and keep "
     "complainants regularly informed of progress.",
     "The force should investigate complaints more quickly and keep complainants informed about "
     "the progress of their complaint."),
    ("The force should improve how it analyses and scrutinises its use of force data.",
     "The force should make better use of its data on the use of force, analysing it and "
     "subjecting it to external scrutiny."),
    ("The force should evaluate its problem-solving activity consistently and share effective "
     "practice.",
     "The force should evaluate its problem-solving work and share what works across the force "
     "and with partners."),
    ("The force should complete a comprehensive analysis of the demand it faces, including "
     "demand that is less visible.",
     "The force should develop a better understanding of the demand for its services, including "
     "hidden demand and demand likely to arise in future."),
    ("The force should improve the speed at which it answers emergency and non-emergency calls.",
     "The force should answer emergency and non-emergency calls more quickly, so that it meets "
     "its own standards."),
    ("The force should ensure that the risks posed by suspects released under investigation are "
     "assessed and managed.",
     "The force should improve how it assesses and manages the risk from suspects released under "
     "investigation."),
    ("The force should make better use of the legal powers available to protect victims of "
     "domestic abuse.",
     "The force should make more use of protective powers such as domestic violence protection "
     "orders to safeguard victims of domestic abuse."),
    ("The force should ensure that grievances are resolved promptly.",
     "The force should resolve grievances more quickly and support everyone involved."),
    # Found by reading the highest-scoring "unrelated" pairs once the 2023–25 fixtures came:
    # the Ashdown fixture returns to subjects the earlier reports raised.
    ("make sure that call handlers identify vulnerability using a structured assessment.",
     "make sure that call handlers use the structured risk assessment for every call where a "
     "vulnerable person may be at risk;"),
    ("The force should evaluate its problem-solving activity consistently and share effective "
     "practice with its workforce and partners.",
     "The force should make sure that it evaluates its problem-solving work so that it can "
     "share what works across the force."),
    ("The force needs to improve how it records victims' decisions when they withdraw their "
     "support for an investigation.",
     "The force should make sure it records whether victims support action being taken, and "
     "the reasons when they do not."),
]

# Unrelated findings that share the stock phrases (and some words) with the repeats above.
UNRELATED_EXTRA = [
    "The force should improve how it records crime, so that all reported crimes are recorded.",
    "The force should ensure that its firearms licensing team has enough staff to process "
    "applications promptly.",
    "The force should improve the supervision of its response officers' use of body-worn video.",
    "The force should ensure that victims of stalking are referred to specialist advocacy "
    "services.",
    "The force should improve how it manages registered sex offenders in the community.",
    "The force should make sure that its estates strategy supports its future workforce plans.",
    "The force should ensure that its neighbourhood teams are not routinely taken away from "
    "their duties to fill gaps in response.",
    "The force should improve the way it shares information with schools about children "
    "affected by domestic abuse.",
    "The force should review its use of collaboration with neighbouring forces to make sure it "
    "provides value for money.",
    "The force should ensure that its digital strategy improves how the public can contact it "
    "online.",
]


def corpus() -> list[tuple[str, str, str]]:
    """(report, finding text, text and points) for every finding of the examples and the
    import fixtures."""
    from responder.importing import import_report
    from responder.response.reading import read

    found: list[tuple[str, str, str]] = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        found += [(path.stem, f.text, wording(f)) for _, f in read(path).walk_findings()
                  if not f.recommendations]
    for path in sorted((ROOT / "tests" / "fixtures" / "import").glob("*")):
        if path.suffix in (".txt", ".html"):  # one version of each report
            if path.suffix == ".html" and "northmoor" in path.name:
                continue  # the same report as the letter example
            response = import_report(path, None).response
            found += [(path.stem, f.text, wording(f)) for _, f in response.walk_findings()
                      if not f.recommendations]
    return found


def pairs() -> list[tuple[str, str, bool]]:
    """Every pair to judge: (a, b, is it a repeat)."""
    items = corpus()
    repeats = {frozenset(pair) for pair in REPEATS}
    out: list[tuple[str, str, bool]] = []
    seen: set[frozenset[str]] = set()
    for (ra, a, words_a), (rb, b, words_b) in itertools.combinations(items, 2):
        key = frozenset((a, b))
        if ra == rb or a == b or key in seen:
            continue
        seen.add(key)
        out.append((words_a, words_b, key in repeats))
    for a, b in REPEATS:
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            out.append((a, b, True))
    written = [text for pair in REPEATS for text in pair]
    for extra in UNRELATED_EXTRA:
        for text in written:
            out.append((extra, text, False))
    return out


def measure(scored: list[tuple[float, bool]], threshold: float) -> tuple[int, int, int, int]:
    tp = sum(1 for s, truth in scored if s >= threshold and truth)
    fp = sum(1 for s, truth in scored if s >= threshold and not truth)
    fn = sum(1 for s, truth in scored if s < threshold and truth)
    tn = len(scored) - tp - fp - fn
    return tp, fp, fn, tn


def report(scored: list[tuple[float, bool]], threshold: float) -> str:
    tp, fp, fn, tn = measure(scored, threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (f"threshold {threshold:5.1f}: precision {precision:6.1%}  recall {recall:6.1%}  "
            f"(repeats caught {tp}/{tp + fn}, unrelated flagged {fp}/{fp + tn})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--worst", action="store_true")
    args = parser.parse_args()
    judged = pairs()
    scored = [(similarity(a, b), truth) for a, b, truth in judged]
    repeats = sum(truth for _, truth in scored)
    print(f"{len(scored)} pairs: {repeats} reworded repeats, {len(scored) - repeats} unrelated")
    if args.sweep:
        for threshold in range(40, 91, 4):
            print(report(scored, float(threshold)))
    print(report(scored, THRESHOLD), "<- in use")
    if args.worst:
        ranked = sorted(zip(scored, judged, strict=True), key=lambda x: -x[0][0])
        print("\nHighest-scoring unrelated pairs:")
        for (score, _truth), (a, b, _) in [r for r in ranked if not r[0][1]][:8]:
            print(f"  {score:5.1f}  {a[:70]!r}\n         {b[:70]!r}")
        print("\nLowest-scoring repeats:")
        for (score, _), (a, b, _) in sorted([r for r in ranked if r[0][1]], key=lambda x: x[0][0])[:6]:
            print(f"  {score:5.1f}  {a[:70]!r}\n         {b[:70]!r}")


if __name__ == "__main__":
    main()
