"""Load and fault harness (issue 8, reliability): real servers, a loopback loader, counted outcomes.

`python -m bench.load --scenario NAME` starts a LINE Messaging API stub
(bench.load.stub_server), one or two `fairbot serve` processes on SQLite or a
throwaway PostgreSQL database, sends signed LINE webhooks and web chat
messages at a target rate (bench.load.loader), fires scripted faults (kill -9
and restart, PostgreSQL stopped and started, every delivery twice), then
reports events sent, acknowledged, logged, replied, duplicated and lost,
acknowledgement latency and the servers' memory (docs/reliability.md).
"""
