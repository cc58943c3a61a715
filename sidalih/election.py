"""The election a list is judged against: polling day and the voting age, as one value.

Ages, "born after polling day", two-digit years and the century of a NIK are all
decided on polling day, never on "today" (DOMAIN.md, The voter list): the same list
must give the same answer whenever it is processed. :class:`Election` carries that day
with the age from which an unmarried citizen may vote, and :meth:`Election.parse` is the
one place where a caller's ``datetime.date``, ISO text or :class:`Election` becomes one.

The constants here are the only definitions of Pemilu 2024's polling day and of the
voting age; :mod:`sidalih.dates` re-exports them (as dates) for older callers.

This module imports nothing of sidalih but its errors, so that any layer may use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from sidalih.errors import InvalidParameterError

__all__ = ["Election", "VOTING_AGE", "PEMILU_2024", "PILKADA_2024"]

VOTING_AGE = 17
"""Age on polling day from which an unmarried citizen may vote (UU 7/2017, art. 198)."""


@dataclass(frozen=True)
class Election:
    """Polling day and the voting age of one election.

    Parameters
    ----------
    date : datetime.date
        Polling day. A ``datetime`` is reduced to its date.
    voting_age : int, default 17
        Age on polling day from which an unmarried citizen may vote; married or
        once-married citizens may vote at any age. A numpy integer is kept as an ``int``.
    name : str, default ""
        A label for reports (``"Pemilu 2024"``); it decides nothing.

    Raises
    ------
    InvalidParameterError
        When ``date`` is not a date, ``voting_age`` not a whole number from 1 to 100 or
        ``name`` not text.

    Examples
    --------
    >>> import datetime as dt
    >>> Election(dt.date(2024, 11, 27), name="Pilkada 2024")
    Election(date=datetime.date(2024, 11, 27), voting_age=17, name='Pilkada 2024')
    >>> Election.parse("2024-02-14") == Election(dt.date(2024, 2, 14))
    True
    """

    date: dt.date
    voting_age: int = VOTING_AGE
    name: str = ""

    def __post_init__(self) -> None:
        problems = []
        date: Any = self.date
        if isinstance(date, dt.datetime) and date == date:  # pandas' NaT is a datetime too
            object.__setattr__(self, "date", date.date())
        elif not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            problems.append(
                f"date must be polling day as a datetime.date such as "
                f"datetime.date(2024, 2, 14), got {date!r}"
            )
        age: Any = self.voting_age
        # a numpy integer (an age read from a table) is a whole number as well; a bool is not
        whole = isinstance(age, Integral) and not isinstance(age, bool)
        if not whole or not 1 <= int(age) <= 100:
            problems.append(
                f"voting_age must be a whole number of years from 1 to 100, got {age!r}"
            )
        elif type(age) is not int:
            object.__setattr__(self, "voting_age", int(age))
        if not isinstance(self.name, str):
            problems.append(f"name must be text, got {self.name!r}")
        if problems:
            raise InvalidParameterError("invalid Election:\n  - " + "\n  - ".join(problems))

    @classmethod
    def parse(cls, value: Election | dt.date | str, *, parameter: str = "election") -> Election:
        """An :class:`Election` from an Election, a ``datetime.date`` or ISO text.

        A date or text gives an election with the default voting age and no name. An
        Election is returned as it is.

        Parameters
        ----------
        value
            ``Election``, ``datetime.date`` (a ``datetime`` is reduced to its date) or
            ISO text ``YYYY-MM-DD`` (surrounding blanks ignored).
        parameter
            The caller's name for ``value``, used in the error message.

        Raises
        ------
        InvalidParameterError
            For anything else (``None``, ``"today"``, ``"14-02-2024"``, a NaT), naming
            the parameter and the value: sidalih never assumes today.

        Examples
        --------
        >>> import datetime as dt
        >>> Election.parse(" 2024-11-27 ").date
        datetime.date(2024, 11, 27)
        >>> Election.parse(dt.date(2024, 2, 14)).voting_age
        17
        >>> Election.parse("14-02-2024", parameter="election_date")
        Traceback (most recent call last):
        ...
        sidalih.errors.InvalidParameterError: election_date must be polling day as a \
datetime.date or ISO text such as '2024-02-14', got '14-02-2024'; sidalih never assumes today
        """
        if isinstance(value, Election):
            return value
        date: dt.date | None = None
        if isinstance(value, dt.datetime):
            date = value.date() if value == value else None  # pandas' NaT is a datetime
        elif isinstance(value, dt.date):
            date = value
        elif isinstance(value, str):
            try:
                date = dt.date.fromisoformat(value.strip())
            except ValueError:
                date = None  # not ISO: the message below says what is expected
        if date is None:
            raise InvalidParameterError(
                f"{parameter} must be polling day as a datetime.date or ISO text such as "
                f"'2024-02-14', got {value!r}; sidalih never assumes today"
            )
        return cls(date)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ``{"date": ISO text, "voting_age": int, "name": str}``.

        Examples
        --------
        >>> PEMILU_2024.to_dict()
        {'date': '2024-02-14', 'voting_age': 17, 'name': 'Pemilu 2024'}
        >>> Election.from_dict(PEMILU_2024.to_dict()) == PEMILU_2024
        True
        """
        return {"date": self.date.isoformat(), "voting_age": self.voting_age, "name": self.name}

    @classmethod
    def from_dict(cls, data: Any) -> Election:
        """The inverse of :meth:`to_dict`; ``voting_age`` and ``name`` may be absent.

        Raises
        ------
        InvalidParameterError
            When ``data`` is not a mapping with a ``date``, holds other keys, or a value
            is invalid.
        """
        if not isinstance(data, dict) or "date" not in data:
            raise InvalidParameterError(
                f"an election must be a mapping with 'date' (ISO text), 'voting_age' and "
                f"'name', got {data!r}"
            )
        unknown = sorted(set(data) - {"date", "voting_age", "name"})
        if unknown:
            raise InvalidParameterError(
                f"an election has only 'date', 'voting_age' and 'name'; got also {unknown}"
            )
        date = cls.parse(data["date"], parameter="election date").date
        return cls(date, data.get("voting_age", VOTING_AGE), data.get("name", ""))


PEMILU_2024 = Election(dt.date(2024, 2, 14), name="Pemilu 2024")
"""The 2024 general election (presidential and legislative), 14 February 2024."""
PILKADA_2024 = Election(dt.date(2024, 11, 27), name="Pilkada 2024")
"""The 2024 regional elections, 27 November 2024."""
