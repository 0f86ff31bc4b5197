"""The credentials wallet: diplomas and certificates a person holds, their proof and who checked it.

It sits below training and replacements and imports neither. Where later work plugs in:
- replacement eligibility (app/replacements/eligibility.py) reads `state_of` of the
  holder's credentials to block or warn, per establishment;
- a training session that grants or renews a type calls `services.renew` (to write)
  with the session's last day as `obtained_on`, already verified.
"""
