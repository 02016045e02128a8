"""The one privacy rule: which data are an individual's, and what a reader without the right sees instead.

Personal data here is what names a person:

- a model or typical example whose kind is not a collective one (an individual example,
  `dien_hinh_ca_nhan`; an unclassified or unknown kind may be one too): its name, host unit and
  description (an individual's record is named after the person and its host unit and description
  usually name them again);
- a commendation whose recipient is not a collective (an individual, `ca_nhan`, or an unclassified or
  unknown recipient): the recipient's name, and the name of the model it was given for;
- the name of the model a commendation was given for, unless it is linked to a collective model
  (an unlinked name may be an individual example's, which is the person's name).

Who may see it is the roles' business (dvk.roles, action `personal_names`: analysts and admins by
default; config/roles.toml can grant it to viewers). The dashboard's data layer (dvk/ui/data*.py)
and the report apply `protect` to every frame they hand out, so pages, downloads and the report
never see what the reader may not. Counts and sums are not personal and are never masked.
"""

from __future__ import annotations

import pandas as pd

from dvk.i18n import translator

ACTION = "personal_names"  # the dvk.roles action that shows personal data
COLLECTIVE_KINDS = ("mo_hinh_tap_the", "dien_hinh_tap_the")  # every other kind may be a person
COLLECTIVE_RECIPIENTS = ("tap_the",)  # every other recipient kind may be a person
MODEL_FIELDS = ("name", "host_unit", "description")  # of a model row (column `kind`)
RECIPIENT_FIELDS = ("recipient_name", "model_name")  # of a commendation row (columns `recipient_kind`, `model_kind`)


def personal_kind(kinds: pd.Series) -> pd.Series:
    """True where a model's kind is not a collective one (individual, unclassified, missing)."""
    return ~kinds.isin(COLLECTIVE_KINDS)


def personal_recipient(kinds: pd.Series) -> pd.Series:
    """True where a commendation's recipient is not a collective (individual, unclassified, missing)."""
    return ~kinds.isin(COLLECTIVE_RECIPIENTS)


def _withhold(out: pd.DataFrame, rows: pd.Series, column: str, lang: str) -> None:
    """Replace the column's values on these rows by the placeholder (empty values stay empty)."""
    if column not in out.columns:
        return
    hit = rows & out[column].notna() & out[column].astype("string").str.strip().ne("")
    if hit.any():
        t = translator("en" if lang == "en" else "vi")
        is_name = column in ("name", "recipient_name", "model_name")
        out[column] = out[column].astype(object)
        out.loc[hit, column] = t("(ẩn tên cá nhân)") if is_name else t("(ẩn vì có thể nêu tên cá nhân)")


def protect(df: pd.DataFrame, lang: str = "vi", allowed: bool = False) -> pd.DataFrame:
    """The frame as a reader may see it: unchanged when `allowed`, else every personal value
    replaced by a placeholder in the language. Frames without the kind columns hold no personal
    data (district names, counts) and come back as they are."""
    if allowed or df is None or df.empty:
        return df
    out = df.copy()
    if "kind" in out.columns:
        personal = personal_kind(out["kind"])
        for column in MODEL_FIELDS:
            _withhold(out, personal, column, lang)
    if "recipient_kind" in out.columns:
        person = personal_recipient(out["recipient_kind"])
        _withhold(out, person, "recipient_name", lang)
        if "model_kind" in out.columns:  # given for an individual's model, or for one not linked
            person = person | personal_kind(out["model_kind"])
        _withhold(out, person, "model_name", lang)
    return out


def protect_record(record: dict | None, lang: str = "vi", allowed: bool = False) -> dict | None:
    """One model (a dict of its fields) as a reader may see it."""
    if record is None or allowed:
        return record
    return protect(pd.DataFrame([record]), lang, allowed).iloc[0].to_dict()
