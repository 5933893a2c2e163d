"""The insecure API Gateway of ../terraform/main.tf, declared with pulumi.CustomResource so
that only the SDK is needed (no provider package)."""

import pulumi
from pulumi import CustomResource

config = pulumi.Config()
retention_days = 7


def resource(token, name, **props):
    return CustomResource(token, name, props)


api = CustomResource("aws:apigateway/restApi:RestApi", "api", {
    "name": "orders",
    "endpointConfiguration": {"types": "REGIONAL"},
})
get_orders = CustomResource("aws:apigateway/method:Method", "get_orders", {
    "restApi": api.id,
    "resourceId": api.id.apply(lambda i: f"{i}-root"),
    "httpMethod": "GET",
    "authorization": "NONE",
})
prod = CustomResource("aws:apigateway/stage:Stage", "prod", {
    "restApi": api.id,
    "deployment": "abc123",
    "stageName": "prod",
    "xrayTracingEnabled": False,
})
access = CustomResource("aws:cloudwatch/logGroup:LogGroup", "access", {
    "name": pulumi.Output.concat("/aws/apigateway/", "orders"),
    "retentionInDays": retention_days,
})
assets = resource("aws:s3/bucketV2:BucketV2", "assets", bucket="orders-assets")
assets_acl = resource("aws:s3/bucketAclV2:BucketAclV2", "assets_acl",
                      bucket=assets.id, acl="public-read")
api_sg = CustomResource("aws:ec2/securityGroup:SecurityGroup", "api_sg", {
    "name": "api",
    "ingress": [{"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrBlocks": ["0.0.0.0/0"]}],
})
db_secret = CustomResource("aws:secretsmanager/secretVersion:SecretVersion", "db_secret", {
    "secretId": "db",
    "secretString": pulumi.Output.secret("hunter2-not-really"),
})
table = CustomResource("aws-native:dynamodb:Table", "table", {"tableName": "orders"})

pulumi.export("api_id", api.id)
