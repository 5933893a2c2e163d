# HTTP accepted only to be redirected (the default), forwarded over HTTPS
resource "azurerm_cdn_frontdoor_route" "api" {
  name                          = "api"
  cdn_frontdoor_endpoint_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge/afdEndpoints/api"
  cdn_frontdoor_origin_group_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge/originGroups/api"
  cdn_frontdoor_origin_ids      = []
  supported_protocols           = ["Http", "Https"]
  forwarding_protocol           = "HttpsOnly"
  patterns_to_match             = ["/*"]
}

resource "azurerm_frontdoor" "classic" {
  name                = "fd-classic"
  resource_group_name = "rg-edge"

  routing_rule {
    name               = "http-to-https"
    accepted_protocols = ["Http"]
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["api"]
    redirect_configuration {
      redirect_protocol = "HttpsOnly"
      redirect_type     = "PermanentRedirect"
    }
  }

  routing_rule {
    name               = "api"
    accepted_protocols = ["Https"]
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["api"]
    forwarding_configuration {
      backend_pool_name = "api"
    }
  }

  backend_pool_load_balancing {
    name = "default"
  }

  backend_pool_health_probe {
    name = "default"
  }

  backend_pool {
    name = "api"
    backend {
      host_header = "api.internal.contoso.example"
      address     = "api.internal.contoso.example"
      http_port   = 80
      https_port  = 443
    }
    load_balancing_name = "default"
    health_probe_name   = "default"
  }

  frontend_endpoint {
    name      = "api"
    host_name = "fd-classic.azurefd.net"
  }
}
