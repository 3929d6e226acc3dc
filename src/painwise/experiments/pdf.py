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

from django.utils.formats import date_format
from django.utils.translation import gettext
from fpdf import FPDF

from painwise.experiments import services
from painwise.experiments.models import Experiment

logging.getLogger("fpdf.svg").setLevel(logging.ERROR)

FONT = "DejaVu Sans"
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
        self.set_title(gettext("Painwise personal experiment: %(experiment)s") % {"experiment": experiment})
        self.set_creator("Painwise")
        self.set_creation_date(dt.datetime.combine(generated_on, dt.time(), tzinfo=dt.UTC))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        footer = gettext("Patient-reported data from Painwise, not a medical record. Generated %(day)s. Page "
                         "%(page)s of %(pages)s") % {"day": _day(self.generated_on), "page": self.page_no(),
                                                     "pages": "{nb}"}
        self.cell(0, 4, footer, align="C")

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
        return gettext("Randomised block pairs: %(pairs)s pairs of %(days)s-day periods, each pair AB or BA by a "
                       "stored coin flip; the first %(washout)s days of every period are a washout, left out of the "
                       "comparison.") % {"pairs": experiment.pairs, "days": experiment.period_days,
                                         "washout": experiment.washout_days}
    return gettext("Day-level randomisation over %(days)s days, never more than 3 same days in a row.") % {
        "days": experiment.days}


def _day(day: dt.date | None, pattern: str = "j M Y") -> str:
    """A date in the active language (translated month names); "-" when there is none."""
    return "-" if day is None else date_format(day, pattern)


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
    title = gettext("Randomised N-of-1 trial: %(a)s (A) vs %(b)s (B)") % {"a": experiment.label_a,
                                                                         "b": experiment.label_b}
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.para(gettext("%(status)s. Started %(start)s; planned end %(end)s. One person's experiment, kept in "
                     "Painwise.") % {"status": experiment.get_status_display(), "start": _day(experiment.start_date),
                                     "end": _day(services.end_date(experiment))})
    if reading.interim:
        pdf.para(gettext("INTERIM result after %(elapsed)s of %(planned)s days: descriptive only; the plan runs to "
                         "its end.") % {"elapsed": reading.days_elapsed, "planned": reading.days_planned}, bold=True)

    pdf.heading(gettext("Methods"))
    direction = gettext("higher is better") if experiment.higher_is_better else gettext("lower is better")
    pdf.para(gettext("Question: is A better than B for this person? Outcome: %(outcome)s, rated daily %(scale)s "
                     "(%(direction)s). Smallest difference that matters to the person (MCID): %(mcid)s points.") % {
        "outcome": outcome, "scale": services.outcome_scale(experiment), "direction": direction,
        "mcid": f"{experiment.mcid:g}"})
    pdf.para(gettext("Design: %(design)s Not blinded. Seed %(seed)s.") % {
        "design": _design_words(experiment), "seed": experiment.seed})
    if experiment.kind == Experiment.Kind.BLOCKS:
        analysis = gettext("Analysis (pre-specified): Bayesian regression of the outcome on the assigned condition "
                           "(intention to treat) with AR(1) errors across missed days, one level per pair of "
                           "periods, and a sceptical prior N(0, %(mcid)s²) on the difference; a randomisation test "
                           "of the difference in means as confirmation; days the plan was not followed left out as "
                           "a sensitivity analysis. Stopping rule: %(rule)s.")
    else:
        analysis = gettext("Analysis (pre-specified): Bayesian regression of the outcome on the assigned condition "
                           "(intention to treat) with AR(1) errors across missed days, a linear trend, and a "
                           "sceptical prior N(0, %(mcid)s²) on the difference; a randomisation test of the "
                           "difference in means as confirmation; days the plan was not followed left out as a "
                           "sensitivity analysis. Stopping rule: %(rule)s.")
    pdf.para(analysis % {"mcid": f"{experiment.mcid:g}", "rule": gettext(services.STOPPING_RULE)})
    pdf.para(gettext("Pre-registration: the protocol was frozen at the start; SHA-256 of its canonical JSON: "
                     "%(fingerprint)s") % {"fingerprint": experiment.fingerprint})

    pdf.heading(gettext("Flow and adherence"))
    pdf.para(gettext("Days so far %(elapsed)s of %(planned)s; outcome logged on %(logged)s; plan followed on "
                     "%(followed)s days, not followed on %(not_followed)s, not said on %(unsaid)s.") % {
        "elapsed": reading.days_elapsed, "planned": reading.days_planned, "logged": reading.days_logged,
        "followed": reading.followed, "not_followed": reading.not_followed,
        "unsaid": reading.days_elapsed - reading.followed - reading.not_followed})

    pdf.heading(gettext("Results"))
    result = reading.result
    if result is None:
        pdf.para(reading.problem)
    else:
        pdf.para(result.sentences[0], bold=True)
        pdf.para(gettext("Difference A - B: %(difference)s points (95 %% credible interval %(low)s to %(high)s); "
                         "means A %(mean_a)s, B %(mean_b)s; %(days_a)s counted days with A, %(days_b)s with B.") % {
            "difference": f"{result.difference:+.2f}", "low": f"{result.low:+.2f}", "high": f"{result.high:+.2f}",
            "mean_a": f"{result.mean_a:.1f}", "mean_b": f"{result.mean_b:.1f}", "days_a": result.days_a,
            "days_b": result.days_b})
        m = {"mcid": f"{result.mcid:g}"}
        pdf.grid(
            [gettext("A better by >= %(mcid)s") % m, gettext("A better"), gettext("about the same (±%(mcid)s)") % m,
             gettext("A worse"), gettext("A worse by >= %(mcid)s") % m],
            [[_number(result.p_better_mcid), _number(result.p_better), _number(result.p_same),
              _number(result.p_worse), _number(result.p_worse_mcid)]],
            [36.0, 30.0, 40.0, 30.0, 36.0],
        )
        if result.randomisation_p is not None:
            p_value = {"p": f"{result.randomisation_p:.3f}"}
            pdf.para(gettext("Randomisation test: p = %(p)s (few pairs of periods: this test cannot go low).") % p_value
                     if experiment.kind == "blocks" else gettext("Randomisation test: p = %(p)s.") % p_value)
        if reading.sensitivity is not None:
            s = reading.sensitivity
            values = {"difference": f"{s.difference:+.2f}", "low": f"{s.low:+.2f}", "high": f"{s.high:+.2f}"}
            if reading.sensitivity_same_days:
                sensitivity = gettext("Sensitivity, only days the plan was followed: %(difference)s points (%(low)s "
                                      "to %(high)s). The same days as the main analysis (every day not followed was "
                                      "a washout day or had no score), so the same result.")
            else:
                sensitivity = gettext("Sensitivity, only days the plan was followed: %(difference)s points (%(low)s "
                                      "to %(high)s).")
            pdf.para(sensitivity % values)
    rows = services.period_rows(experiment=experiment, today=today)
    if rows:
        pdf.para(gettext("Raw data per period (washout and missed days not counted):"))
        pdf.grid([gettext("period"), gettext("condition"), gettext("days"), gettext("counted"), gettext("mean")],
                 [[r.period, f"{r.condition}: {services.label_of(experiment, r.condition)}"[:40],
                   _span(r.first_day, r.last_day),
                   str(r.counted), _number(r.mean, 1)] for r in rows],
                 [24.0, 70.0, 40.0, 20.0, 20.0])
    pdf.image(io.BytesIO(services.chart_svg(experiment=experiment, today=today, size="wide")), w=pdf.epw,
              alt_text=gettext("%(outcome)s per day, A and B marked differently") % {"outcome": outcome})

    pdf.heading(gettext("Changes after the start, flares and harms"))
    deviations = list(experiment.deviations.all())
    pdf.para("; ".join(_deviation(d.day, d.what, d.note) for d in deviations) or gettext("None."))
    pdf.heading(gettext("Limits"))
    pdf.para(gettext("One person, not blinded, rated by the person: the result says what happened for this person "
                     "under these conditions, not for anyone else, and not why. Discuss any change of treatment with "
                     "a clinician."))
    return bytes(pdf.output())


def _span(first: dt.date, last: dt.date) -> str:
    return gettext("%(first)s - %(last)s") % {"first": _day(first, "j M"), "last": _day(last, "j M")}


def _deviation(day: dt.date, what: str, note: str) -> str:
    if note:
        return gettext("%(day)s: %(what)s (%(note)s)") % {"day": _day(day), "what": what, "note": note}
    return gettext("%(day)s: %(what)s") % {"day": _day(day), "what": what}
