"""The sandbox's listening socket must let asyncio turn Nagle off on accepted connections.

Without IPPROTO_TCP on the listening socket asyncio skips TCP_NODELAY (it checks sock.proto) and every sandbox
response waits ~40 ms for a delayed ACK (measured: 44 ms per request instead of 0.4 ms).
"""

from __future__ import annotations

import asyncio
import socket

from late_mcp.sandbox.runner import _bind as runner_bind


async def test_accepted_connections_have_nagle_off() -> None:
    sock = runner_bind("127.0.0.1", 0)
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            conn = transport.get_extra_info("socket")
            accepted.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
    try:
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        nodelay = await asyncio.wait_for(accepted, 5)
        writer.close()
    finally:
        server.close()
        await server.wait_closed()
    assert nodelay != 0
