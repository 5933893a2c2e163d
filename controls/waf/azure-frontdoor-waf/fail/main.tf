resource "azurerm_cdn_frontdoor_profile" "edge" {
  name                = "afd-edge"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
}

resource "azurerm_cdn_frontdoor_endpoint" "api" { # fail: domain
  name                     = "api-contoso"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.edge.id
}

resource "azurerm_cdn_frontdoor_endpoint" "web" {
  name                     = "web-contoso"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.edge.id
}

resource "azurerm_cdn_frontdoor_custom_domain" "api" { # fail: domain - only the endpoint below is associated
  name                     = "api-contoso-example"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.edge.id
  host_name                = "api.contoso.example"

  tls {
    certificate_type = "ManagedCertificate"
  }
}

resource "azurerm_cdn_frontdoor_firewall_policy" "edge" {
  name                = "wafedge"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
  mode                = "Prevention"
}

resource "azurerm_cdn_frontdoor_security_policy" "web" {
  name                     = "web"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.edge.id

  security_policies {
    firewall {
      cdn_frontdoor_firewall_policy_id = azurerm_cdn_frontdoor_firewall_policy.edge.id

      association {
        domain {
          cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.web.id
        }
        patterns_to_match = ["/*"]
      }
    }
  }
}

resource "azurerm_frontdoor" "classic" {
  name                = "fd-classic"
  resource_group_name = "rg-edge"

  routing_rule {
    name               = "api"
    accepted_protocols = ["Https"]
    patterns_to_match  = ["/*"]
    frontend_endpoints = ["api"]
    forwarding_configuration {
      forwarding_protocol = "HttpsOnly"
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

  frontend_endpoint { # fail: classic
    name      = "api"
    host_name = "fd-classic.azurefd.net"
  }
}
