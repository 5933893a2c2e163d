variable "certificate_password" {
  type      = string
  sensitive = true
}

resource "azurerm_application_gateway" "predefined" {
  name                = "agw-predefined"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 2
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/virtualNetworks/vnet-edge/subnets/agw"
  }

  frontend_port {
    name = "https"
    port = 443
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/publicIPAddresses/pip-agw"
  }

  ssl_certificate {
    name     = "contoso"
    data     = filebase64("certs/contoso.pfx")
    password = var.certificate_password
  }

  backend_address_pool {
    name  = "app"
    fqdns = ["app.internal.contoso.example"]
  }

  backend_http_settings {
    name                  = "app-https"
    cookie_based_affinity = "Disabled"
    port                  = 443
    protocol              = "Https"
    request_timeout       = 30
  }

  http_listener {
    name                           = "https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = "contoso"
  }

  request_routing_rule {
    name                       = "https-to-app"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "https"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app-https"
  }

  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }
}

resource "azurerm_application_gateway" "custom" {
  name                = "agw-custom"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 2
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/virtualNetworks/vnet-edge/subnets/agw"
  }

  frontend_port {
    name = "https"
    port = 443
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/publicIPAddresses/pip-agw"
  }

  ssl_certificate {
    name     = "contoso"
    data     = filebase64("certs/contoso.pfx")
    password = var.certificate_password
  }

  backend_address_pool {
    name  = "app"
    fqdns = ["app.internal.contoso.example"]
  }

  backend_http_settings {
    name                  = "app-https"
    cookie_based_affinity = "Disabled"
    port                  = 443
    protocol              = "Https"
    request_timeout       = 30
  }

  http_listener {
    name                           = "https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = "contoso"
  }

  request_routing_rule {
    name                       = "https-to-app"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "https"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app-https"
  }

  ssl_policy {
    policy_type          = "CustomV2"
    min_protocol_version = "TLSv1_2"
    cipher_suites        = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]
  }

  ssl_profile {
    name = "partners"
    ssl_policy {
      policy_type = "Predefined"
      policy_name = "AppGwSslPolicy20170401S"
    }
  }
}

resource "azurerm_application_gateway" "disabled" {
  name                = "agw-disabled"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 2
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/virtualNetworks/vnet-edge/subnets/agw"
  }

  frontend_port {
    name = "https"
    port = 443
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/publicIPAddresses/pip-agw"
  }

  ssl_certificate {
    name     = "contoso"
    data     = filebase64("certs/contoso.pfx")
    password = var.certificate_password
  }

  backend_address_pool {
    name  = "app"
    fqdns = ["app.internal.contoso.example"]
  }

  backend_http_settings {
    name                  = "app-https"
    cookie_based_affinity = "Disabled"
    port                  = 443
    protocol              = "Https"
    request_timeout       = 30
  }

  http_listener {
    name                           = "https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = "contoso"
  }

  request_routing_rule {
    name                       = "https-to-app"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "https"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app-https"
  }

  ssl_policy {
    disabled_protocols = ["TLSv1_0", "TLSv1_1"]
  }
}

