"""The review meeting (绩效考评会, METHOD.md §9): the period overview, the meeting calendar and
agenda, the presenter view, official results and corrections, minutes and calibration. Each
feature is one object composed into the window that adds its commands to the Review menu
(``review_menu.ReviewMenu``)."""
