resource "azurerm_cdn_frontdoor_route" "plain" {
  name                          = "plain"
  cdn_frontdoor_endpoint_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge/afdEndpoints/api"
  cdn_frontdoor_origin_group_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge/originGroups/api"
  cdn_frontdoor_origin_ids      = []
  supported_protocols           = ["Http", "Https"]
  https_redirect_enabled        = false # fail: route
  patterns_to_match             = ["/*"]
}

resource "azurerm_cdn_frontdoor_route" "plain_origin" {
  name                          = "plain-origin"
  cdn_frontdoor_endpoint_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge/afdEndpoints/api"
  cdn_frontdoor_origin_group_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge/originGroups/api"
  cdn_frontdoor_origin_ids      = []
  supported_protocols           = ["Https"]
  forwarding_protocol           = "HttpOnly" # fail: route
  patterns_to_match             = ["/*"]
}

resource "azurerm_frontdoor" "classic" {
  name                = "fd-classic"
  resource_group_name = "rg-edge"

  routing_rule {
    name               = "api"
    accepted_protocols = ["Http", "Https"] # fail: classic
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["api"]
    forwarding_configuration {
      forwarding_protocol = "MatchRequest"
      backend_pool_name   = "api"
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
