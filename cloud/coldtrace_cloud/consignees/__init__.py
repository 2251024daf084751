"""Consignees: hospitals, pharmacies and distributors we ship to, and suppliers we receive from."""
