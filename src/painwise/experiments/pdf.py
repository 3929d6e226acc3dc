"""The experiment report as an A4 PDF (fpdf2), laid out after the CENT 2015 checklist for N-of-1 trials:
title and design, interventions, outcome, randomisation and washout, blinding, statistical methods,
pre-registration (fingerprint), flow and adherence, results per period with the raw-data plot, the estimate
with its 95 % interval and the Trialist probabilities, the randomisation test, changes after the start, and
limits. Same font as the clinician report (DejaVu Sans shipped with matplotlib), nothing vendored."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from fpdf import FPDF

from painwise.experiments import services
from painwise.experiments.models import Experiment

logging.getLogger("fpdf.svg").setLevel(logging.ERROR)

FONT = "DejaVu Sans"
FOOTER = "Patient-reported data from Painwise, not a medical record."


class ExperimentPDF(FPDF):
    def __init__(self, experiment: Experiment, generated_on: dt.date) -> None:
        super().__init__(format="A4")
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.generated_on = generated_on
        self.set_margins(16, 14, 16)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(f"Painwise personal experiment: {experiment}")
        self.set_creator("Painwise")
        self.set_creation_date(dt.datetime.combine(generated_on, dt.time(), tzinfo=dt.UTC))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.cell(0, 4, f"{FOOTER} Generated {self.generated_on:%d %b %Y}. Page {self.page_no()} of {{nb}}",
                  align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FONT, "B", 11)
        self.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, *, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", 9)
        self.multi_cell(0, 4.6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(0.8)

    def grid(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        self.set_font(FONT, "B", 8)
        for title, width in zip(header, widths, strict=True):
            self.cell(width, 5, title, border="B")
        self.ln()
        self.set_font(FONT, "", 8)
        for row in rows:
            for cell, width in zip(row, widths, strict=True):
                self.cell(width, 4.6, cell)
            self.ln()
        self.ln(1.5)


def _design_words(experiment: Experiment) -> str:
    if experiment.kind == Experiment.Kind.BLOCKS:
        return (f"Randomised block pairs: {experiment.pairs} pairs of {experiment.period_days}-day periods, each pair "
                f"AB or BA by a stored coin flip; the first {experiment.washout_days} days of every period are a "
                "washout, left out of the comparison.")
    return f"Day-level randomisation over {experiment.days} days, never more than 3 same days in a row."


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render_pdf(*, experiment: Experiment, today: dt.date | None = None) -> bytes:
    """The CENT-style report of a started experiment as PDF bytes."""
    from painwise.accounts.services import local_today

    today = today or local_today(experiment.user)
    reading = services.read_result(experiment=experiment, today=today)
    outcome = services.outcome_label(experiment.outcome, experiment=experiment)
    pdf = ExperimentPDF(experiment, today)
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, f"Randomised N-of-1 trial: {experiment.label_a} (A) vs {experiment.label_b} (B)",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.para(f"{experiment.get_status_display()}. Started {experiment.start_date}; planned end "
             f"{services.end_date(experiment)}. One person's experiment, kept in Painwise.")
    if reading.interim:
        pdf.para(f"INTERIM result after {reading.days_elapsed} of {reading.days_planned} days: descriptive only; "
                 "the plan runs to its end.", bold=True)

    pdf.heading("Methods")
    direction = "higher is better" if experiment.higher_is_better else "lower is better"
    scale = services.outcome_scale(experiment)
    pdf.para(f"Question: is A better than B for this person? Outcome: {outcome}, rated daily {scale} ({direction}). "
             f"Smallest difference that matters to the person (MCID): {experiment.mcid:g} points.")
    pdf.para(f"Design: {_design_words(experiment)} Not blinded. Seed {experiment.seed}.")
    pdf.para("Analysis (pre-specified): Bayesian regression of the outcome on the assigned condition (intention to "
             "treat) with AR(1) errors across missed days, "
             + ("one level per pair of periods" if experiment.kind == Experiment.Kind.BLOCKS else "a linear trend")
             + f", and a sceptical prior N(0, {experiment.mcid:g}²) on the difference; a randomisation test of the "
             "difference in means as confirmation; days the plan was not followed left out as a sensitivity "
             f"analysis. Stopping rule: {services.STOPPING_RULE}.")
    pdf.para(f"Pre-registration: the protocol was frozen at the start; SHA-256 of its canonical JSON: "
             f"{experiment.fingerprint}")

    pdf.heading("Flow and adherence")
    pdf.para(f"Days so far {reading.days_elapsed} of {reading.days_planned}; outcome logged on {reading.days_logged}; "
             f"plan followed on {reading.followed} days, not followed on {reading.not_followed}, not said on "
             f"{reading.days_elapsed - reading.followed - reading.not_followed}.")

    pdf.heading("Results")
    result = reading.result
    if result is None:
        pdf.para(reading.problem)
    else:
        pdf.para(result.sentences[0], bold=True)
        pdf.para(f"Difference A - B: {result.difference:+.2f} points (95 % credible interval {result.low:+.2f} to "
                 f"{result.high:+.2f}); means A {result.mean_a:.1f}, B {result.mean_b:.1f}; {result.days_a} counted "
                 f"days with A, {result.days_b} with B.")
        m = f"{result.mcid:g}"
        pdf.grid(
            [f"A better by >= {m}", "A better", f"about the same (±{m})", "A worse", f"A worse by >= {m}"],
            [[_number(result.p_better_mcid), _number(result.p_better), _number(result.p_same),
              _number(result.p_worse), _number(result.p_worse_mcid)]],
            [36.0, 30.0, 40.0, 30.0, 36.0],
        )
        if result.randomisation_p is not None:
            note = " (few pairs of periods: this test cannot go low)" if experiment.kind == "blocks" else ""
            pdf.para(f"Randomisation test: p = {result.randomisation_p:.3f}{note}.")
        if reading.sensitivity is not None:
            s = reading.sensitivity
            same = (" The same days as the main analysis (every day not followed was a washout day or had no "
                    "score), so the same result.") if reading.sensitivity_same_days else ""
            pdf.para(f"Sensitivity, only days the plan was followed: {s.difference:+.2f} points "
                     f"({s.low:+.2f} to {s.high:+.2f}).{same}")
    rows = services.period_rows(experiment=experiment, today=today)
    if rows:
        pdf.para("Raw data per period (washout and missed days not counted):")
        pdf.grid(["period", "condition", "days", "counted", "mean"],
                  [[r.period, f"{r.condition}: {services.label_of(experiment, r.condition)}"[:40],
                    f"{r.first_day:%d %b} - {r.last_day:%d %b}", str(r.counted), _number(r.mean, 1)] for r in rows],
                  [24.0, 70.0, 40.0, 20.0, 20.0])
    pdf.image(io.BytesIO(services.chart_svg(experiment=experiment, today=today, size="wide")), w=pdf.epw,
              alt_text=f"{outcome} per day, A and B marked differently")

    pdf.heading("Changes after the start, flares and harms")
    deviations = list(experiment.deviations.all())
    pdf.para("; ".join(f"{d.day}: {d.what}" + (f" ({d.note})" if d.note else "") for d in deviations) or "None.")
    pdf.heading("Limits")
    pdf.para("One person, not blinded, rated by the person: the result says what happened for this person under "
             "these conditions, not for anyone else, and not why. Discuss any change of treatment with a clinician.")
    return bytes(pdf.output())
