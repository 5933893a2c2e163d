resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1"
      user  = "10001:10001"
    },
    {
      name  = "envoy"
      image = "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.5.0-prod"
      user  = "1337"
    }
  ])
}

# Windows containers: user does not apply
resource "aws_ecs_task_definition" "iis" {
  family                   = "iis"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048

  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name  = "iis"
      image = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    }
  ])
}
