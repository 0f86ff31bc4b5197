"""The replacements blueprint; its view modules fill it (app/__init__.py VIEW_MODULES)."""
from flask import Blueprint

bp = Blueprint("replacements", __name__, url_prefix="/replacements")
