"""The pipelining reply reader's deadline: one lazy timer per run of mails."""

from __future__ import annotations

import asyncio

import pytest

from caddie_mail_plugin.transport.pipelining import ReplyReader


class Original(asyncio.Protocol):
    def __init__(self) -> None:
        self.lost: list[Exception | None] = []

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost.append(exc)


async def test_replies_in_order_across_reads() -> None:
    reader = ReplyReader(Original(), timeout=5.0)
    reader.expect()
    reader.data_received(b"250 ok\r\n250-first line\r\n25")
    assert await reader.reply() == (250, "ok")
    asyncio.get_running_loop().call_soon(reader.data_received, b"0 second line\r\n354 go ahead\r\n")
    assert await reader.reply() == (250, "first line\nsecond line")
    assert await reader.reply() == (354, "go ahead")
    reader.close()


async def test_a_silent_server_times_out() -> None:
    reader = ReplyReader(Original(), timeout=0.05)
    reader.expect()
    with pytest.raises(TimeoutError):
        await reader.reply()
    reader.close()


async def test_a_deadline_passed_while_nobody_waited() -> None:
    reader = ReplyReader(Original(), timeout=0.05)
    reader.expect()
    await asyncio.sleep(0.2)
    with pytest.raises(TimeoutError):
        await reader.reply()
    reader.data_received(b"250 late\r\n")
    assert await reader.reply() == (250, "late")  # a reply that is there is never refused


async def test_a_later_write_moves_the_deadline() -> None:
    reader = ReplyReader(Original(), timeout=1.0)
    loop = asyncio.get_running_loop()
    reader.expect()
    loop.call_later(0.5, reader.expect)  # the next request: due 1 s after it
    loop.call_later(1.2, reader.data_received, b"250 ok\r\n")
    assert await reader.reply() == (250, "ok")
    reader.close()


async def test_a_closed_connection_ends_the_wait() -> None:
    original = Original()
    reader = ReplyReader(original, timeout=5.0)
    reader.expect()
    loop = asyncio.get_running_loop()
    loop.call_soon(reader.connection_lost, None)
    with pytest.raises(ConnectionResetError):
        await reader.reply()
    assert original.lost == [None]
    reader.close()
