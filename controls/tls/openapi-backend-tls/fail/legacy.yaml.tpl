openapi: 3.0.1
info:
  title: Legacy
  version: "1"
paths:
  /orders:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://${host}/orders # fail: aws-integration - http:// integration, host from templatefile() vars
  /orders/{id}:
    get:
      x-amazon-apigateway-integration:
        type: http
        httpMethod: GET
        uri: https://${host}/orders/{id}
        tlsConfig:
          insecureSkipVerification: true # fail: aws-integration - insecureSkipVerification
