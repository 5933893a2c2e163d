openapi: 3.0.1
info:
  title: Internal
  version: "1"
x-amazon-apigateway-endpoint-configuration:
  vpcEndpointIds:
    - ${vpc_endpoint}
x-amazon-apigateway-policy:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow # fail: document - x-amazon-apigateway-policy of a PRIVATE API's templatefile() body
      Principal:
        AWS: "*"
      Action: execute-api:*
      Resource: execute-api:/*
paths:
  /health:
    get:
      security: []
      x-amazon-apigateway-integration:
        type: mock
