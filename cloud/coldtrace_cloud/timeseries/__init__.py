"""InfluxDB access through its v1 HTTP API: the only package of the cloud that talks to InfluxDB."""
