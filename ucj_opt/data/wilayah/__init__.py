"""The Kemendagri region hierarchy (``regions.csv.gz``) and the script that builds it.

Read it through :mod:`ucj_opt.data.hierarchy`; PROVENANCE.md says where it comes from.
"""
