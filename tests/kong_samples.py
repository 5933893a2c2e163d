"""A decK file the Kong parser and view tests share, and how they find its lines."""

from textwrap import dedent


def line(text: str, needle: str, after: int = 0) -> int:
    """The number of the first line after `after` that holds `needle`."""
    for number, content in enumerate(dedent(text).splitlines(), start=1):
        if number > after and needle in content:
            return number
    raise AssertionError(f"{needle!r} not in text")


SHOP = """\
    _format_version: "3.0"
    _workspace: shop
    plugins:
      - name: key-auth
        config:
          anonymous: guest
      - name: rate-limiting
        config:
          minute: 100
      - name: cors
        service: orders
        config:
          origins: [https://shop.example.com]
      - name: rate-limiting
        consumer: partner
        config:
          minute: 1000
    services:
      - name: orders
        url: https://orders.internal:8443/v1
        plugins:
          - name: key-auth
            config:
              key_names: [apikey]
          - name: rate-limiting
            enabled: false
        routes:
          - name: list-orders
            paths: [/orders]
            methods: [GET]
          - name: create-order
            paths: [/orders]
            methods: [POST]
            plugins:
              - name: rate-limiting
                config:
                  second: 5
      - name: catalog
        host: catalog.internal
    routes:
      - name: products
        service: catalog
        paths: [/products]
      - name: product-images
        service: {name: catalog}
        paths: [/images]
    consumers:
      - username: guest
      - username: partner
        keyauth_credentials:
          - key: partner-key-123
    """
