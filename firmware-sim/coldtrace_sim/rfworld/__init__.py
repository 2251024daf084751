"""The RF world around simulated readers: portals, tags with GS1 EPCs, movements through doors."""
