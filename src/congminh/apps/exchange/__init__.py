"""The national exchange: `congminh export national` and `congminh national verify`
(docs/exchange.md, contract §3); the format itself is in `congminh.core.exchange`."""
