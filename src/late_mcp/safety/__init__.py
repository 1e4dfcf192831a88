"""Safe hands: the person confirms what goes live, every write is journaled and can be undone, guard rails hold.

MCP-free: `journal` (the SQLite record of writes), `guards` (the rails), `confirm` (when to ask and what),
`writes` (the posts area of the client with both around every write), `undo` (reversing one entry).
"""
