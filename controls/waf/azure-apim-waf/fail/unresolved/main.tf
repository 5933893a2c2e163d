variable "backend_fqdn" {
  type = string
}

# The gateway's backend is a variable without a value: it may be this service.
resource "azurerm_api_management" "maybe" { # unknown: service
  name                = "contoso-maybe"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_application_gateway" "edge" {
  name                = "agw-edge"
  resource_group_name = "rg-net"
  location            = "westeurope"
  firewall_policy_id  = azurerm_web_application_firewall_policy.edge.id

  sku {
    name     = "WAF_v2"
    tier     = "WAF_v2"
    capacity = 2
  }

  backend_address_pool {
    name  = "apim"
    fqdns = [var.backend_fqdn]
  }
}

resource "azurerm_web_application_firewall_policy" "edge" {
  name                = "waf-edge"
  resource_group_name = "rg-net"
  location            = "westeurope"

  managed_rules {
    managed_rule_set {
      type    = "OWASP"
      version = "3.2"
    }
  }
}
