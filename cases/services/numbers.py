"""The kinds of number the cases app draws from the station's counter (stations.numbering)."""

INCIDENT_NUMBER = "J"  # 警情
CASE_NUMBER = "A"  # 案件
