"""The common pool of vacancies and shared positions."""
