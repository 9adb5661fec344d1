"""Rules stage: the verdict of every (status, service) as of a date, and what one status's pathway holds."""
