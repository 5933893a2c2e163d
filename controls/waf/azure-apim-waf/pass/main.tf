resource "azurerm_api_management" "internal" {
  name                 = "contoso-internal"
  location             = "westeurope"
  resource_group_name  = "rg-api"
  publisher_name       = "Contoso"
  publisher_email      = "api@contoso.example"
  sku_name             = "Premium_1"
  virtual_network_type = "Internal"

  virtual_network_configuration {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apim"
  }
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
    name         = "apim"
    ip_addresses = [azurerm_api_management.internal.private_ip_addresses[0]]
  }
}

resource "azurerm_web_application_firewall_policy" "edge" {
  name                = "waf-edge"
  resource_group_name = "rg-net"
  location            = "westeurope"

  policy_settings {
    enabled = true
    mode    = "Prevention"
  }

  managed_rules {
    managed_rule_set {
      type    = "Microsoft_DefaultRuleSet"
      version = "2.1"
    }
  }
}
