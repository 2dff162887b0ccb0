# Masonite's Configuration loads every module in config/ when the Kernel registers (inside
# create_app, so after the fork); it requires this one. The key is bound by Kernel.py.
DEBUG = False  # True would answer errors with exceptionite's page, traceback included
