"""The hello-world baseline: the smallest real Django app, served like ResultBridge.

Its req/s is what Django + gunicorn cost on this machine at this moment; every page's
figure is read as a share of it (bench/pages_bench.py).
"""
