"""The survey domain: records, store, rules, ID numbers, questionnaire and Excel. Never imports Qt."""
