# %% [markdown]
# # Recovering the Westminster outage with `arrears`
#
# A notebook-style walkthrough (percent format: open it in Jupyter with jupytext, in VS Code
# or in Spyder, or run it as a script). The council's systems were down from 24 November
# 2025 to 9 January 2026; residents are told on 12 January 2026 that the collections they
# missed will be spread over the rest of the financial year.
#
# Run it with Debian's interpreter once the package is built (or installed):
#
# ```sh
# PYTHONPATH=build/default/python /usr/bin/python3 examples/walkthrough.py
# ```
#
# The chart is written to `cashflow.png` in the directory given by `ARREARS_OUT` (default:
# the current directory).

# %%
import datetime as dt
import os
import pathlib
import warnings

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a PNG
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import arrears  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent if "__file__" in globals() else pathlib.Path("examples").resolve()
DATA = HERE / "data"
OUT = pathlib.Path(os.environ.get("ARREARS_OUT", "."))
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 12)

# %% [markdown]
# ## The accounts
#
# `examples/data/accounts.csv` is the bundled portfolio: rent (weekly, fortnightly,
# four-weekly, monthly; some with rent-free weeks in `skip`) and Council Tax. Read it as
# text, `dtype=str, keep_default_na=False`, to see exactly what the command line sees; typed
# columns work too, but text keeps every amount exact. Columns the rules do not know
# (`service` here) are ignored.

# %%
accounts = pd.read_csv(DATA / "accounts.csv", dtype=str, keep_default_na=False)
payments = pd.read_csv(DATA / "payments.csv", dtype=str, keep_default_na=False)
print(len(accounts), "accounts,", len(payments), "payments received by other means")
accounts.head()

# %% [markdown]
# ## Recover
#
# The keywords are the command line's options. Money comes back as `decimal.Decimal`
# (exact), dates as `datetime64[ns]`. Rows that could not be read do not stop the run:
# bad account rows are kept in the summary with status `rejected`, bad payment rows are
# listed in `summary.attrs["problems"]`, and either raises an `arrears.InputWarning`.

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", arrears.InputWarning)
    schedule, summary = arrears.recover(
        accounts,
        payments=payments,
        outage=(dt.date(2025, 11, 24), dt.date(2026, 1, 9)),
        notice_date=dt.date(2026, 1, 12),
    )
for w in caught:
    print("warning:", str(w.message)[:150], "...")
print("earliest changed collection (E):", summary.attrs["earliest_change"])
print("horizon (H):", summary.attrs["horizon"])

# %% [markdown]
# ## Statuses
#
# `ok`: cleared by the year end; `extended`: needs collections after it; `no_arrears` and
# `in_credit`: nothing to recover; `review`: a person must decide; `cancelled`: the
# instruction is dead (ledger mode); `rejected`: the input row was bad. The summary has one
# row per input row, in input order, so input columns line up with it.

# %%
pd.crosstab(accounts["service"], summary["status"], margins=True)

# %% [markdown]
# Council Tax is collected in ten instalments to January, so most Council Tax accounts have
# no collection left after the notice period: they go to `review` (unless the plan may go on
# past its end: see "Keeping the residents' promise" below).

# %%
summary.loc[summary["status"] == "review", "message"].str.replace(r"\d{4}-\d{2}-\d{2}", "D", regex=True) \
    .value_counts()

# %% [markdown]
# The rejected rows, with the row (the DataFrame's index; the CSV line is that plus 2), the
# column and the text at fault:

# %%
summary.loc[summary["status"] == "rejected", ["account_id", "message"]]

# %% [markdown]
# Who pays double (or more) in some month? Those are the residents to call first.

# %%
double = summary["warnings"].fillna("").str.contains("double_payment")
print(double.sum(), "accounts would pay double in some month")  # also summary.attrs["double_payment_accounts"]
summary.loc[double, ["account_id", "arrears", "instalments", "max_recovery"]].head()

# %% [markdown]
# ## One resident's revised schedule

# %%
first_ok = summary.loc[summary["status"] == "ok", "account_id"].iloc[0]
schedule[schedule["account_id"] == first_ok]

# %% [markdown]
# ## A cap on the catch-up amount
#
# A cap keeps each catch-up amount affordable (here half the regular amount); recovery then
# runs into the next financial year where it must (status `extended`).

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", arrears.InputWarning)  # the same rows as above
    _, capped_summary = arrears.recover(
        accounts, payments=payments, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
        cap="50%")
capped_summary["status"].value_counts()

# %% [markdown]
# ## Keeping the residents' promise
#
# The council told residents that missed collections would be "evenly distributed across the
# remaining months of the financial year, ensuring that no double payments are necessary".
# Three options keep that promise: `past_end="continue"` lets a Council Tax plan that ended
# in January collect the catch-up alone in February and March; `no_double_payment=True`
# keeps each catch-up amount below the regular amount, using more collections (into the next
# year if need be); `min_recovery="5.00"` is the Council Tax minimum instalment.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", arrears.InputWarning)
    promise_schedule, promise_summary = arrears.recover(
        accounts, payments=payments, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
        past_end="continue", no_double_payment=True, min_recovery="5.00")
for name, s in (("default", summary), ("promise", promise_summary)):
    council_tax_review = ((accounts["service"] == "council_tax") & (s["status"] == "review")).sum()
    print(f"{name}: {s.attrs['double_payment_accounts']} accounts pay double,",
          f"{council_tax_review} Council Tax accounts in review")
pd.crosstab(accounts["service"], promise_summary["status"], margins=True)

# %% [markdown]
# ## Cash flow by month
#
# `arrears.cashflow` adds up the regular and recovery amounts by month of collection. The
# totals stay exact Decimals. (The schedule lists only accounts with a revised schedule, up
# to the year end or their last recovery, so its regular totals are not a full forecast.)

# %%
flow = arrears.cashflow(schedule)
promise_flow = arrears.cashflow(promise_schedule)
flow

# %% [markdown]
# The chart compares the catch-up money each month brings in with today's defaults and with
# the promise options: the promise brings in all the arrears (Council Tax included), some of
# it in April and May, and nobody pays double. Only the chart converts the Decimals to
# floats, for drawing.

# %%
both = pd.merge(flow[["month", "recovery_amount"]], promise_flow[["month", "recovery_amount"]],
                on="month", how="outer", suffixes=("_default", "_promise")).sort_values("month")
labels = both["month"].astype(str).tolist()
default_pounds = both["recovery_amount_default"].fillna(0).astype(float)
promise_pounds = both["recovery_amount_promise"].fillna(0).astype(float)
x = range(len(labels))
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar([i - 0.2 for i in x], default_pounds / 1000, width=0.4, label="defaults (spread to 31 March)")
ax.bar([i + 0.2 for i in x], promise_pounds / 1000, width=0.4,
       label="promise: past end, no double payment, £5 minimum")
ax.set_xticks(list(x), labels)
ax.set_ylabel("recovery collected (£ thousand)")
ax.set_title("Catch-up collections after the outage, by month, with and without the promise")
ax.set_ylim(0, max(default_pounds.max(), promise_pounds.max()) / 1000 * 1.3)  # room for the legend
ax.legend(loc="upper right")
fig.tight_layout()
chart = OUT / "cashflow.png"
fig.savefig(chart, dpi=100)
print("chart written to", chart)

# %% [markdown]
# ## Ledger mode
#
# Instead of an outage window, a ledger of what happened to each collection: `unpaid` rows
# (returned by the payer's bank, with the ARUDD code) and `not_presented` rows are missed.
# Codes 1, 2, 3, 5, 6 and B mean the instruction is dead: status `cancelled`.

# %%
ledger_accounts = pd.read_csv(DATA / "ledger-accounts.csv", dtype=str, keep_default_na=False)
ledger = pd.read_csv(DATA / "ledger.csv", dtype=str, keep_default_na=False)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", arrears.InputWarning)
    ledger_schedule, ledger_summary = arrears.recover(ledger_accounts, ledger=ledger, notice_date="2026-01-12")
print("\n".join(ledger_summary.attrs["problems"]))
ledger_summary.loc[ledger_summary["status"] == "cancelled", ["account_id", "arrears", "message"]]

# %% [markdown]
# ## Telling the payers: one notice and its letter
#
# `recover(..., notices=True)` also returns the advance notices (one row per `ok` or
# `extended` account): when to post the letter by (`send_by`), each changed collection in
# the payer's words, and when the amount returns to normal. `keep` copies columns of the
# accounts (here `service`) into them. `arrears.letters` makes the printable letters, one
# per page; `arrears.collections` is the file for the Direct Debit system or bureau.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", arrears.InputWarning)  # the same rows as above
    _, _, notices = arrears.recover(accounts, payments=payments, outage=("2025-11-24", "2026-01-09"),
                                    notice_date="2026-01-12", notices=True, keep=["service"])
one = notices.iloc[[0]]
print(one.T.to_string())
letter = OUT / "letter.html"
letter.write_text(arrears.letters(one), encoding="utf-8")
print("one letter written to", letter)
arrears.collections(schedule, accounts, keep=["service"]).head()
