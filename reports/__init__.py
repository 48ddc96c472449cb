"""Inquiry reports for prefectures: SQL aggregation (through `storage`), then pure renderers.

`collect()` gathers a `ReportData`; `xlsx`, `html` and `csv` render it; `build`
drives a whole run off the event loop; `mail` e-mails each booth its report.
"""
