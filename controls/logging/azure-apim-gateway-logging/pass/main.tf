resource "azurerm_api_management" "monitored" {
  name                = "contoso-monitored"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"
}

resource "azurerm_monitor_diagnostic_setting" "apim" {
  name                       = "apim-gateway"
  target_resource_id         = azurerm_api_management.monitored.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  enabled_log {
    category = "GatewayLogs"
  }
}

resource "azurerm_api_management" "insights" {
  name                = "contoso-insights"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_application_insights" "apim" {
  name                = "appi-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  application_type    = "web"
}

resource "azurerm_api_management_logger" "insights" {
  name                = "appinsights"
  api_management_name = azurerm_api_management.insights.name
  resource_group_name = "rg-api"

  application_insights {
    connection_string = azurerm_application_insights.apim.connection_string
  }
}

resource "azurerm_api_management_diagnostic" "insights" {
  identifier               = "applicationinsights"
  resource_group_name      = "rg-api"
  api_management_name      = azurerm_api_management.insights.name
  api_management_logger_id = azurerm_api_management_logger.insights.id
  sampling_percentage      = 100
  always_log_errors        = true
  log_client_ip            = true
  verbosity                = "information"
}
